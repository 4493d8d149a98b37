/**
 * The one place the send engine asks what a reply or a failure means: a thin
 * adapter over shared/smtp's explainer (RFC 5321 / RFC 3463 / IANA / provider
 * tables, connection and TLS codes). It adds the send's own context (the
 * stage a reply answers, which timeout fired, host/port/security) and the
 * few outcomes only the send engine produces (cancelled, STARTTLS required
 * but not offered, null MX).
 */
import type { ReplyExplanation } from '../../../shared/model/smtp-reply';
import { explainConnectionError as explainShared, explainReplyText, type ReplyStage } from '../../../shared/smtp/index';

/** What the engine knows about a failure without a reply. */
export interface FailureFacts {
  /** nodemailer's code (ECONNECTION, ETIMEDOUT, ESOCKET, ETLS…) or a Node/DNS code. */
  code?: string;
  /** The underlying system/TLS code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT…). */
  originalCode?: string;
  /** Which timeout, for ETIMEDOUT (CONNECT_TIMEOUT, GREETING_TIMEOUT, SOCKET_TIMEOUT, UPGRADE_TIMEOUT). */
  timeoutType?: string;
  /** The command in flight (CONN, STARTTLS, AUTH PLAIN…, or the last command sent). */
  command?: string;
  /** The server reply, when a refusal caused it. */
  response?: string;
  responseCode?: number;
  /** Where: the usual port mix-ups (465 vs 587, blocked 25) are read from these. */
  host?: string;
  port?: number;
  security?: string;
  /** Message text (only shown; TLS wordings differ between OpenSSL and BoringSSL). */
  message?: string;
}

const OWN: Record<string, Pick<ReplyExplanation, 'title' | 'meaning' | 'fix'>> = {
  CANCELLED: { title: 'Cancelled', meaning: 'The send was cancelled before it finished; whether the server kept anything depends on how far it got (nothing is delivered before the reply to the final dot).', fix: 'Send again when ready.' },
  STARTTLS_NOT_OFFERED: {
    title: 'STARTTLS required but not offered',
    meaning: 'The server’s EHLO reply does not list STARTTLS, and the security setting requires an encrypted session, so the send stopped before AUTH or any message data went out in plain text.',
    fix: 'Use implicit TLS if the server listens on 465, pick the submission port that offers STARTTLS (usually 587), or choose "STARTTLS if offered" / plain only for test servers.',
  },
  ENULLMX: { title: 'Domain accepts no mail (null MX)', meaning: 'The recipient domain publishes a null MX (RFC 7505): it says it receives no email at all.', fix: 'Check the recipient address.' },
};

/** DNS failures in the send's own words: which question failed (the recipient domain's MX, or an MX/server host's address) changes what the fix is. */
export function explainDnsFailure(facts: { code?: string; question: 'mx' | 'address'; name: string; message?: string }): ReplyExplanation {
  const { name } = facts;
  const mx = facts.question === 'mx';
  const own = (title: string, meaning: string, fix: string): ReplyExplanation => ({ code: null, enhanced: null, category: 'connection', provider: null, references: ['RFC 5321 §5.1'], title, meaning, fix });
  switch (facts.code) {
    case 'ENULLMX':
      return { ...own(OWN.ENULLMX!.title, `${name} publishes a null MX (one MX record "0 ."): it says it receives no email at all (RFC 7505), so nothing was contacted.`, 'Check the recipient address; mail to this domain cannot be delivered.'), references: ['RFC 7505'] };
    case 'ENOTFOUND':
      return mx
        ? own('Recipient domain does not exist', `DNS says ${name} does not exist (NXDOMAIN): there is no MX and no address to deliver to, so nothing was contacted.`, 'Check the spelling of the domain after the @ in the recipient address; a new domain may not be published yet.')
        : own('Host name not found', `DNS says ${name} does not exist (NXDOMAIN), so it cannot be connected to.`, 'For an MX host: the domain\'s MX record points to a name that is not published — its DNS administrator must fix the MX or add the host. Otherwise check the host name.');
    case 'ENODATA':
      return own('No address for the host', `${name} exists in DNS but has no A or AAAA record, so it cannot be connected to.`, 'For an MX host: publish an address for it (or point the MX elsewhere). A mail server tries the next MX, as this send did.');
    case 'ETIMEOUT':
    case 'EAI_AGAIN':
      return own('DNS did not answer', `No answer from the resolver for ${mx ? `the MX of ${name}` : `the address of ${name}`} in time: the resolver is down or unreachable, or the domain's DNS servers do not answer it.`, 'Check the resolver (--dns) and the network; retry later — a real mail server would defer, not bounce.');
    case 'ESERVFAIL':
      return own('DNS server failure', `The resolver answered SERVFAIL for ${mx ? `the MX of ${name}` : name}: it could not get an answer from the domain's DNS (often broken DNSSEC or unreachable authoritative servers).`, 'Check the domain\'s DNS at its authoritative servers (dig +trace); a mail server would defer and retry.');
    case 'EREFUSED':
      return own('DNS query refused', `The resolver refused to answer for ${name} (REFUSED): it does not serve this client or this zone.`, 'Use a resolver that recurses for this machine (--dns IP), or ask its administrator.');
    case 'ECONNREFUSED':
      return own('DNS resolver not reachable', `The resolver could not be contacted, or gave no usable answer, for ${name}.`, 'Check the resolver address and port (--dns IP[:PORT]) and that it listens on UDP and TCP.');
    default:
      return explainConnectionError({ code: 'EDNS', ...(facts.code ? { originalCode: facts.code } : {}), message: facts.message ?? '' });
  }
}

/** Which reply stage a transcript reply answers, from the last command sent. */
export function stageOfCommand(command: string): ReplyStage | undefined {
  const c = command.toUpperCase();
  if (c === '' || c === 'CONN') return 'connect';
  if (c === 'EHLO' || c === 'HELO' || c === 'LHLO') return 'ehlo';
  if (c === 'STARTTLS') return 'starttls';
  if (c === 'AUTH' || c === '********') return 'auth';
  if (c === 'MAIL') return 'mail';
  if (c === 'RCPT') return 'rcpt';
  if (c === 'DATA') return 'data';
  if (c === '.') return 'after-data';
  if (c === 'QUIT' || c === 'RSET') return 'quit';
  return undefined;
}

/**
 * Explanations are a pure function of (stage, reply text), and most replies
 * repeat from send to send ("250 Accepted", "221 Bye"): remembering the last
 * few hundred keeps the explainer's table walk (~50 µs a reply) off the send
 * path. Callers get a shallow copy; nothing mutates one.
 */
const CACHE_LIMIT = 500;
const cache = new Map<string, ReplyExplanation>();

/** Explain one complete (possibly multi-line) server reply, at the stage it answers. */
export function explainReply(reply: string, stage?: ReplyStage): ReplyExplanation {
  const key = `${stage ?? ''}\u0000${reply}`;
  const cached = cache.get(key);
  if (cached) return { ...cached };
  const explained = explainUncached(reply, stage);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, explained);
  return { ...explained };
}

function explainUncached(reply: string, stage?: ReplyStage): ReplyExplanation {
  return (
    explainReplyText(reply, stage ? { stage } : {}) ?? {
      code: null,
      enhanced: null,
      category: 'connection',
      title: 'Not an SMTP reply',
      meaning: 'The server sent a line without a reply code.',
      provider: null,
      fix: 'Check that this port speaks SMTP.',
      references: ['RFC 5321 §4.2'],
    }
  );
}

/** Explain a failure that has no SMTP reply (connection, DNS, TLS, timeout) — or one that has, via its reply. */
export function explainConnectionError(facts: FailureFacts): ReplyExplanation {
  const own = OWN[facts.originalCode ?? ''] ?? OWN[facts.code ?? ''];
  if (own) return { code: null, enhanced: null, category: 'connection', provider: null, references: [], ...own };
  // The shared explainer reads timeouts by the command in flight.
  const command =
    facts.timeoutType === 'GREETING_TIMEOUT' ? 'GREETING' : facts.timeoutType === 'UPGRADE_TIMEOUT' ? 'TLS' : facts.timeoutType === 'CONNECT_TIMEOUT' ? 'CONNECT' : facts.timeoutType === 'SOCKET_TIMEOUT' && (!facts.command || facts.command === 'CONN') ? 'COMMAND' : facts.command;
  return explainShared(
    {
      ...(facts.code ? { code: facts.code } : {}),
      ...(facts.originalCode ? { originalCode: facts.originalCode } : {}),
      ...(command ? { command } : {}),
      ...(facts.message ? { message: facts.message } : {}),
      ...(facts.response ? { response: facts.response } : {}),
      ...(facts.responseCode !== undefined ? { responseCode: facts.responseCode } : {}),
    },
    { ...(facts.host ? { host: facts.host } : {}), ...(facts.port !== undefined ? { port: facts.port } : {}), ...(facts.security ? { security: facts.security } : {}) },
  );
}

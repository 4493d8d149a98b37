/**
 * The basic SMTP reply codes: RFC 5321 §4.2.2–4.2.3, plus the AUTH codes of
 * RFC 4954, STARTTLS's of RFC 3207 and the null-MX codes of RFC 7504 / 7505.
 * Wording is Mailscope's own. Unknown codes fall back by class (first digit).
 */
import type { ReplyStage } from './types';

/** How one stage reads a code differently (only the fields that change). */
export interface StageReading {
  title?: string;
  meaning?: string;
  fix?: string | null;
  /** Enhanced code implied at this stage when the reply carries none. */
  implies?: string;
}

/** One basic reply code. */
export interface ReplyCodeEntry {
  /** The three-digit code. */
  code: number;
  /** Short title. */
  title: string;
  /** What it means, plain words. */
  meaning: string;
  /** What the sender should do; null for 2xx/3xx. */
  fix: string | null;
  /** Enhanced code the basic code implies on its own (RFC 4954's fixed pairs); absent when it depends. */
  implies?: string;
  /** RFC sections. */
  references: string[];
  /** Stage-specific readings. */
  stages?: Partial<Record<ReplyStage, StageReading>>;
}

const R5321 = 'RFC 5321 §4.2.2–4.2.3';
const R4954 = 'RFC 4954 §6 (SMTP AUTH)';
const R3207 = 'RFC 3207 (STARTTLS)';
const R7504 = 'RFC 7504 (SMTP 521 and 556 reply codes)';

const TABLE: ReplyCodeEntry[] = [
  { code: 211, title: 'System status', meaning: 'A status or help reply to a HELP-like query.', fix: null, references: [R5321] },
  { code: 214, title: 'Help message', meaning: 'Help text for a human reader; no action needed.', fix: null, references: [R5321] },
  {
    code: 220, title: 'Service ready', meaning: 'The server is ready to talk SMTP.', fix: null, references: [R5321],
    stages: { starttls: { title: 'Ready to start TLS', meaning: 'The server accepted STARTTLS; the TLS handshake starts now and everything said before it is forgotten (EHLO must be sent again).' } },
  },
  { code: 221, title: 'Closing connection', meaning: 'The server says goodbye and closes the connection (normally the answer to QUIT).', fix: null, references: [R5321] },
  { code: 235, title: 'Authentication succeeded', meaning: 'The server accepted the credentials.', fix: null, implies: '2.7.0', references: [R4954] },
  {
    code: 250, title: 'OK', meaning: 'The requested action was completed.', fix: null, references: [R5321],
    stages: {
      // The stage covers HELO too, which gets no extension list.
      ehlo: { title: 'Greeting accepted', meaning: 'The server accepted the client\'s EHLO or HELO; after EHLO, the lines after the first list the extensions it offers (SIZE, STARTTLS, AUTH…).' },
      mail: { title: 'Sender accepted', meaning: 'The envelope sender (MAIL FROM) was accepted.' },
      rcpt: { title: 'Recipient accepted', meaning: 'The server accepts mail for this recipient. That it exists is likely but not certain: many servers accept now and bounce later.' },
      'after-data': { title: 'Message accepted', meaning: 'The server took responsibility for the message (queued). It is not yet delivered to a mailbox: it can still be filtered to spam or bounced later.' },
    },
  },
  { code: 251, title: 'User not local; will forward', meaning: 'The recipient is not local to this server, but it will forward the message.', fix: null, references: [R5321] },
  { code: 252, title: 'Cannot verify user, will try', meaning: 'The server does not confirm whether the address exists (VRFY disabled) but will accept the message and try to deliver it.', fix: null, references: [R5321] },
  { code: 334, title: 'Authentication challenge', meaning: 'The server waits for the next step of the AUTH exchange (a base64 challenge or prompt).', fix: null, references: [R4954] },
  { code: 354, title: 'Start mail input', meaning: 'The server waits for the message; it ends with a line holding a single dot.', fix: null, references: [R5321] },
  {
    code: 421, title: 'Service not available, closing connection',
    meaning: 'The server is closing the connection: it is shutting down, overloaded, or limiting this client (too many connections or messages, poor reputation). Temporary.',
    fix: 'Retry later with backoff; lower the number of parallel connections and the sending rate. If it keeps happening, read the text: providers name their throttles there.',
    references: [R5321],
    stages: { connect: { title: 'Connection refused at greeting (421)', meaning: 'The server answered the connection with 421 instead of a welcome: it will not talk to this client right now (overload, connection limit, or a reputation-based refusal). Temporary.' } },
  },
  { code: 432, title: 'Password transition needed', meaning: 'The account\'s password must be converted to a new scheme; the server wants one plain-text authentication to do it.', fix: 'Authenticate once with PLAIN over TLS, then the preferred mechanism works again.', implies: '4.7.12', references: [R4954] },
  {
    code: 450, title: 'Mailbox unavailable (temporary)',
    meaning: 'The action was not taken because the mailbox is temporarily unavailable: busy, locked, or the server is greylisting (refusing the first attempt from an unknown sender on purpose).',
    fix: 'Retry later; a normal mail server retries on its own. Greylisting lets the retry through after a few minutes.',
    references: [R5321],
  },
  {
    code: 451, title: 'Local error in processing',
    meaning: 'The server hit a temporary problem on its side: often greylisting, a DNS lookup that failed for now, a busy content scanner, or a policy check that could not complete.',
    fix: 'Retry later. If it persists, check that your sending domain and IP resolve (SPF, PTR, the MAIL FROM domain\'s DNS) and read the text.',
    references: [R5321],
  },
  {
    code: 452, title: 'Insufficient system storage',
    meaning: 'The server cannot take the message now: its storage is full, the mailbox is over quota, or (with 4.5.3) too many recipients were given in one transaction.',
    fix: 'Retry later; with 4.5.3 send to fewer recipients per message (the accepted ones go through, resend to the rest).',
    references: [R5321],
    stages: { rcpt: { meaning: 'The server will not take this recipient in this transaction: too many recipients (4.5.3) or no space for the mailbox right now.' } },
  },
  {
    code: 454, title: 'Temporary failure (TLS or authentication)',
    meaning: 'A temporary failure of TLS (RFC 3207: "TLS not available due to temporary reason") or of authentication (RFC 4954: the authentication back end is unreachable).',
    fix: 'Retry later. If STARTTLS keeps failing this way, the server\'s TLS setup (certificate, key) is broken: tell its administrator.',
    references: [R3207, R4954],
    stages: {
      starttls: { title: 'TLS not available (temporary)', meaning: 'The server advertised STARTTLS but cannot start TLS right now (often a broken certificate or key file on the server).', implies: '4.7.0' },
      auth: { title: 'Temporary authentication failure', meaning: 'The server could not check the credentials right now (its authentication back end failed).', implies: '4.7.0' },
    },
  },
  { code: 455, title: 'Server unable to accommodate parameters', meaning: 'The server cannot honour the MAIL FROM or RCPT TO parameters right now (for example a SIZE it cannot take at the moment).', fix: 'Retry later, or resend without the optional parameters.', references: [R5321] },
  { code: 500, title: 'Syntax error, command unrecognized', meaning: 'The server did not understand the command (or the line was too long).', fix: 'A client bug or a protocol mix-up (for example talking SMTP to a non-SMTP port, or TLS bytes to a plain-text port). Check the port and security setting.', references: [R5321] },
  {
    code: 501, title: 'Syntax error in parameters or arguments', meaning: 'The command was understood but its argument is malformed (an address without angle brackets, a bad HELO name…).', fix: 'Fix the argument: addresses as <user@domain>, a fully qualified host name (or an address literal) after EHLO.', references: [R5321],
    stages: { ehlo: { title: 'Bad EHLO/HELO name', meaning: 'The server refused the name given after EHLO/HELO (not a fully qualified host name or address literal).', fix: 'Send EHLO with the sending host\'s fully qualified name (one that resolves, ideally matching its PTR) or an address literal like [192.0.2.1].', implies: '5.5.4' } },
  },
  { code: 502, title: 'Command not implemented', meaning: 'The server knows no such command (an extension it does not offer, such as VRFY or an AUTH it does not support).', fix: 'Do not use commands the server did not advertise in its EHLO reply.', references: [R5321] },
  { code: 503, title: 'Bad sequence of commands', meaning: 'The command came in the wrong order: RCPT before MAIL, DATA without an accepted recipient, AUTH before EHLO or twice, MAIL before authenticating where that is required.', fix: 'Check the client: EHLO, (STARTTLS, EHLO), (AUTH), MAIL, RCPT…, DATA. A 503 after a refused RCPT often just means no recipient was accepted.', references: [R5321] },
  { code: 504, title: 'Command parameter not implemented', meaning: 'The server does not support this parameter (often an AUTH mechanism it does not offer).', fix: 'Use one of the mechanisms or parameters the server advertised in EHLO.', references: [R5321] },
  { code: 521, title: 'Host does not accept mail', meaning: 'This host accepts no mail at all (RFC 7504), typically a domain that publishes no mail service.', fix: 'Check the recipient address and the domain\'s MX records; this domain does not receive email.', implies: '5.3.2', references: [R7504] },
  { code: 523, title: 'Encryption needed', meaning: 'The server requires an encrypted connection for this (RFC 5248 registered 5.7.10 for it).', fix: 'Use STARTTLS (or implicit TLS on port 465) before this command.', implies: '5.7.10', references: ['RFC 5248', R3207] },
  {
    code: 530, title: 'Authentication or STARTTLS required',
    meaning: 'The server requires the client to authenticate (RFC 4954) or to start TLS (RFC 3207 §4: "Must issue a STARTTLS command first") before this command.',
    fix: 'Turn on STARTTLS (or implicit TLS) and authenticate with a valid account before MAIL FROM.',
    implies: '5.7.0', references: [R4954, R3207],
  },
  { code: 534, title: 'Authentication mechanism too weak', meaning: 'The server refuses this AUTH mechanism as too weak for this account (RFC 4954). Some providers use it to demand an app password or OAuth.', fix: 'Use a stronger mechanism, or the provider\'s required method (app password, OAuth 2.0 / XOAUTH2).', implies: '5.7.9', references: [R4954] },
  { code: 535, title: 'Authentication credentials invalid', meaning: 'The server rejected the user name or password (or token).', fix: 'Check the user name (often the full address) and password. Providers with two-step sign-in need an app password or OAuth; some tenants disable password SMTP AUTH.', implies: '5.7.8', references: [R4954] },
  { code: 538, title: 'Encryption required for authentication mechanism', meaning: 'This AUTH mechanism is only allowed over an encrypted connection.', fix: 'Run STARTTLS (or use implicit TLS on 465) before AUTH.', implies: '5.7.11', references: [R4954] },
  {
    code: 550, title: 'Mailbox unavailable / refused',
    meaning: 'The action was refused for good: the mailbox does not exist or cannot be used, or a policy refused it (blocklist, authentication, spam). The enhanced code and text tell which.',
    fix: 'Read the enhanced code and the text. Do not resend unchanged: it will fail again.',
    references: [R5321],
    stages: {
      mail: { title: 'Sender refused', meaning: 'The server refused the envelope sender (MAIL FROM): its domain, the sending IP, or a policy.' },
      rcpt: { title: 'Recipient refused', meaning: 'The server refused this recipient: the mailbox does not exist, is disabled, or a policy refuses mail from this sender for it.' },
      'after-data': { title: 'Message refused', meaning: 'The server refused the message after reading it: content, authentication (SPF/DKIM/DMARC) or reputation.' },
    },
  },
  { code: 551, title: 'User not local', meaning: 'The recipient is not served by this server; the text may name where to send instead.', fix: 'Send to the address or server the text names, or check the recipient\'s MX records.', references: [R5321] },
  {
    code: 552, title: 'Exceeded storage allocation', meaning: 'The message is too big for this server or the recipient\'s mailbox is full.', fix: 'Make the message smaller (link to large files instead of attaching them) or ask the recipient to free space. Compare with the SIZE the server advertised in EHLO.', references: [R5321],
    stages: { 'after-data': { meaning: 'The message was refused after DATA because it is larger than the server allows or the mailbox has no space left.' } },
  },
  { code: 553, title: 'Mailbox name not allowed', meaning: 'The address is syntactically wrong or not permitted (for example the server refuses to relay for it, or the sender address is not allowed for this account).', fix: 'Check the address; for submission, send from an address the account may use.', references: [R5321] },
  {
    code: 554, title: 'Transaction failed', meaning: 'The server refused the transaction, usually for policy: a blocklisted IP, content, or authentication results.', fix: 'Read the text: it usually names a blocklist or policy. Do not resend unchanged.', references: [R5321],
    stages: { connect: { title: 'No SMTP service here', meaning: 'The server refused the connection at the greeting (RFC 5321 §3.1: 554 instead of 220): usually because the client\'s IP is blocklisted or not allowed.' } },
  },
  { code: 555, title: 'MAIL FROM/RCPT TO parameters not recognized', meaning: 'The server does not know one of the ESMTP parameters sent with MAIL FROM or RCPT TO (SIZE, BODY, SMTPUTF8, REQUIRETLS…).', fix: 'Send only parameters for extensions the server advertised in EHLO.', references: [R5321] },
  { code: 556, title: 'Domain does not accept mail', meaning: 'The recipient\'s domain accepts no mail (it publishes a null MX, RFC 7505).', fix: 'Check the recipient address: this domain receives no email.', implies: '5.1.10', references: [R7504, 'RFC 7505'] },
];

/** Basic reply codes by number. */
export const REPLY_CODES: ReadonlyMap<number, ReplyCodeEntry> = new Map(TABLE.map((e) => [e.code, e]));

/** What an unknown code of each class means (first digit). */
export const REPLY_CLASSES: Readonly<Record<2 | 3 | 4 | 5, Omit<ReplyCodeEntry, 'code'>>> = {
  2: { title: 'Success', meaning: 'The server completed the request (a success code this table does not know).', fix: null, references: [R5321] },
  3: { title: 'More input needed', meaning: 'The server waits for more information (an intermediate code this table does not know).', fix: null, references: [R5321] },
  4: { title: 'Temporary failure', meaning: 'The server refused for now (a temporary code this table does not know); the same request may work later.', fix: 'Retry later with backoff, and read the text.', references: [R5321] },
  5: { title: 'Permanent failure', meaning: 'The server refused for good (a permanent code this table does not know); resending unchanged will fail again.', fix: 'Read the text and change what it names before resending.', references: [R5321] },
};

/** The entry for a code, with the stage reading applied; falls back by class. Null for codes outside 200–599. */
export function lookupReplyCode(code: number, stage?: ReplyStage): (Omit<ReplyCodeEntry, 'code' | 'stages'> & { known: boolean }) | null {
  const entry = REPLY_CODES.get(code);
  if (entry) {
    const s = stage ? entry.stages?.[stage] : undefined;
    return {
      title: s?.title ?? entry.title,
      meaning: s?.meaning ?? entry.meaning,
      fix: s && s.fix !== undefined ? s.fix : entry.fix,
      implies: s?.implies ?? entry.implies,
      references: entry.references,
      known: true,
    };
  }
  const cls = Math.floor(code / 100);
  if (!Number.isInteger(code) || (cls !== 2 && cls !== 3 && cls !== 4 && cls !== 5)) return null;
  return { ...REPLY_CLASSES[cls], known: false };
}

/**
 * Wordings common to mail server software rather than one provider: Postfix's
 * smtpd restrictions, smtp-server (Mailscope's own capture server), and
 * phrases most servers share. They come after the provider tables, so a
 * provider's own reading wins when both match.
 */
import type { ProviderRule } from './rule';

const POSTFIX = 'Postfix smtpd restriction replies (postfix.org/postconf.5.html)';
const R3207 = 'RFC 3207 §4; Postfix smtpd_tls_security_level=encrypt';
const SMTP_SERVER = 'npm smtp-server (field notes §4.4)';
const COMMON = 'Common MTA wording (field notes §4)';

export const SERVER_RULES: readonly ProviderRule[] = [
  {
    id: 'any.starttls-required', provider: 'Mail server', title: 'STARTTLS required first',
    text: /(must issue a starttls command first)/i, implies: '5.7.0',
    meaning: 'The server only accepts this command over an encrypted connection and the client has not started TLS.',
    fix: 'Set security to STARTTLS (or STARTTLS required), send EHLO again after the handshake, then AUTH and MAIL.',
    source: R3207,
  },
  {
    id: 'any.tls-not-available', provider: 'Mail server', title: 'Server cannot start TLS',
    text: /(tls not available)/i,
    meaning: 'The server offered STARTTLS but its TLS setup fails (a missing or unreadable certificate or key on the server).',
    fix: 'The server\'s administrator must fix its certificate/key configuration; meanwhile a client that does not require TLS may send without it.',
    source: POSTFIX,
  },
  {
    id: 'smtp-server.auth-required', provider: 'Mail server', title: 'Authentication required',
    text: /(authentication required)/i, codes: [530],
    meaning: 'The server only accepts mail from authenticated clients.',
    fix: 'Configure a user name and password (and STARTTLS) in the client.',
    source: SMTP_SERVER,
  },
  {
    id: 'postfix.relay-denied', provider: 'Postfix', title: 'Relay access denied',
    text: /(relay(?:ing)? (?:access )?denied|relay not permitted|we do not relay|unable to relay)/i,
    meaning: 'The server is not the destination for this recipient and will not pass the message on for an unauthenticated client.',
    fix: 'Authenticate (submission on 587) to relay through this server, or send to the recipient domain\'s own MX.',
    source: POSTFIX,
  },
  {
    id: 'postfix.sender-login-mismatch', provider: 'Postfix', title: 'Sender address not owned by the login',
    text: /(not owned by (?:the )?user)/i,
    meaning: 'The authenticated user may not send with this MAIL FROM address.',
    fix: 'Send from the address that belongs to the login, or have the administrator allow it.',
    source: POSTFIX,
  },
  {
    id: 'postfix.no-ptr', provider: 'Postfix', title: 'Client host name unknown (no or mismatched PTR)',
    text: /(cannot find your (?:reverse )?hostname)/i,
    meaning: 'The server requires the client IP to have a PTR record whose name resolves back to it, and it does not (or DNS failed).',
    fix: 'Set a forward-confirmed PTR for the sending IP (ask its owner); if the reply was 450, a DNS hiccup may also cause it — retry.',
    source: POSTFIX,
  },
  {
    id: 'postfix.helo-fqdn', provider: 'Postfix', title: 'EHLO name not a fully qualified host name',
    text: /(helo command rejected: (?:need fully-qualified hostname|invalid ip address|host not found))/i,
    meaning: 'The server checks the EHLO/HELO name and this one is not a resolvable fully qualified host name.',
    fix: 'Make the client say EHLO with its real FQDN (matching its PTR), not "localhost" or a bare name.',
    source: POSTFIX,
  },
  {
    id: 'postfix.sender-domain-not-found', provider: 'Postfix', title: 'Sender domain not found',
    text: /(sender address rejected: domain not found)/i,
    meaning: 'The MAIL FROM domain has no MX or A record, so bounces could not be delivered; the server refuses it.',
    fix: 'Send from a domain that resolves (publish MX or A for it).',
    source: POSTFIX,
  },
  {
    id: 'postfix.user-unknown', provider: 'Postfix', title: 'User unknown',
    text: /(user unknown in (?:local|virtual) (?:recipient|mailbox|alias) table|unknown user|user unknown|no such user|mailbox (?:not found|does not exist|unavailable|is unavailable)|invalid recipient|recipient (?:address )?(?:not found|does not exist|unknown))/i,
    meaning: 'The recipient mailbox does not exist on this server.',
    fix: 'Check the address for typos; remove it from your list if it is right.',
    source: POSTFIX,
  },
  {
    id: 'any.greylisted', provider: 'Mail server', title: 'Greylisted (deliberately deferred)',
    text: /(grey ?listed|gray ?listed|greylisting|graylisting|try again later, you are being greylisted)/i,
    meaning: 'The server refuses the first attempt from an unfamiliar sender on purpose; real mail servers retry and get through.',
    fix: 'Retry after a few minutes from the same IP with the same sender and recipient (any normal MTA does this on its own).',
    source: COMMON,
  },
  {
    id: 'any.too-many-connections', provider: 'Mail server', title: 'Too many connections',
    text: /(too many (?:concurrent )?(?:smtp )?connections|too many connected clients|too many connections from your (?:ip|host))/i,
    meaning: 'The server limits simultaneous connections per client (or overall) and this one is over it.',
    fix: 'Open fewer connections in parallel and retry later.',
    source: SMTP_SERVER,
  },
  {
    id: 'any.mailbox-full', provider: 'Mail server', title: 'Mailbox full',
    text: /(mailbox (?:is )?full|over ?quota|quota exceeded|exceeded (?:the |their |its )?(?:storage )?quota|insufficient (?:system )?storage)/i,
    meaning: 'The recipient\'s mailbox (or the server) has no space left.',
    fix: 'Retry later or tell the recipient another way; nothing to change on the sending side.',
    source: COMMON,
  },
  {
    id: 'any.message-too-big', provider: 'Mail server', title: 'Message too big',
    text: /(message size exceeds|message (?:is )?too (?:big|large)|exceeds (?:the )?(?:maximum |fixed )?(?:message )?size limit|size limit exceeded|message exceeds maximum size)/i, implies: '5.3.4',
    meaning: 'The message is larger than the server accepts.',
    fix: 'Make it smaller (link to large files); base64 grows attachments by a third. Compare with the SIZE value in the EHLO reply.',
    source: COMMON,
  },
  {
    id: 'any.spf-fail', provider: 'Mail server', title: 'Refused for SPF',
    text: /(spf (?:check )?fail(?:ed|ure)?|fails? spf|spf validation failed|spf[^.]*\b(?:hard ?fail|-all))/i,
    meaning: 'The receiver checked SPF for the envelope sender domain and this sending IP is not allowed.',
    fix: 'Add the sending IP or service to the SPF record of the MAIL FROM domain.',
    source: COMMON,
  },
  {
    id: 'any.dmarc', provider: 'Mail server', title: 'Refused for DMARC',
    text: /(dmarc)/i,
    meaning: 'The receiver applied the From domain\'s DMARC policy: neither SPF nor DKIM passed for a domain aligned with From.',
    fix: 'Sign with DKIM for the From domain, or align the return-path domain with it and pass SPF.',
    source: COMMON,
  },
  {
    id: 'any.spam', provider: 'Mail server', title: 'Content classified as spam',
    text: /((?:identified|classified|detected|rejected|flagged) as spam|spam (?:message )?rejected|looks like spam|high spam score|content rejected)/i,
    meaning: 'A content filter scored the message as spam.',
    fix: 'Review content and links, authenticate the mail (SPF, DKIM, DMARC), and test with a spam checker before resending.',
    source: COMMON,
  },
];

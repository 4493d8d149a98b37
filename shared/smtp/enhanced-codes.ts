/**
 * Enhanced mail system status codes, `class.subject.detail` (RFC 3463), as
 * listed in the IANA "SMTP Enhanced Status Codes" registry with the RFCs that
 * added to it (4468, 4954, 5248, 6531, 6710, 7293, 7372, 7505, 8617, 8689).
 * Keys are "subject.detail"; the class (2 success, 4 temporary, 5 permanent)
 * is read separately. Wording is Mailscope's own.
 */
import { splitEnhancedCode } from './parse-reply';

/** One subject.detail entry. */
export interface EnhancedCodeEntry {
  /** Short title. */
  title: string;
  /** What it means, plain words (class-neutral). */
  meaning: string;
  /** What the sender should do when it comes with class 4 or 5. */
  fix: string;
  /** Where it is defined. */
  reference: string;
}

const R3463 = 'RFC 3463';
const IANA = 'IANA SMTP Enhanced Status Codes registry';

/** Subject-level meanings (detail 0 and unknown details fall back here). */
export const ENHANCED_SUBJECTS: Readonly<Record<number, { name: string; meaning: string }>> = {
  0: { name: 'Other or undefined status', meaning: 'No more specific information is given.' },
  1: { name: 'Addressing status', meaning: 'Something about the sender or recipient address.' },
  2: { name: 'Mailbox status', meaning: 'Something about the recipient\'s mailbox (it exists, but…).' },
  3: { name: 'Mail system status', meaning: 'Something about the receiving mail system itself.' },
  4: { name: 'Network and routing status', meaning: 'Something about the network or routing between the systems.' },
  5: { name: 'Mail delivery protocol status', meaning: 'Something about the SMTP conversation itself (commands, syntax).' },
  6: { name: 'Message content or media status', meaning: 'Something about the message content or its encoding.' },
  7: { name: 'Security or policy status', meaning: 'A security or policy decision: authentication, encryption, blocklists, spam filters.' },
};

/** Class meanings. */
export const ENHANCED_CLASSES: Readonly<Record<2 | 4 | 5, string>> = {
  2: 'success',
  4: 'persistent transient failure (may work later)',
  5: 'permanent failure (will not work unchanged)',
};

const E = (title: string, meaning: string, fix: string, reference = R3463): EnhancedCodeEntry => ({ title, meaning, fix, reference });

const TABLE: Record<string, EnhancedCodeEntry> = {
  '0.0': E('Other undefined status', 'The server gave no more specific reason.', 'Read the reply text for the reason.'),
  '1.0': E('Other address status', 'Something is wrong with an address, without more detail.', 'Check the sender and recipient addresses.'),
  '1.1': E('Bad destination mailbox address', 'The recipient\'s mailbox does not exist at this domain (user unknown).', 'Check the address for typos; remove it from your list if it is right.'),
  '1.2': E('Bad destination system address', 'The recipient\'s domain or mail system does not exist or cannot take mail.', 'Check the domain part of the address and its MX records.'),
  '1.3': E('Bad destination mailbox address syntax', 'The recipient address is not a valid address.', 'Correct the address syntax.'),
  '1.4': E('Destination mailbox address ambiguous', 'The address matches several mailboxes.', 'Use the exact address of the recipient.'),
  '1.5': E('Destination address valid', 'The recipient address is fine.', 'Nothing for the address; read the rest of the reply.'),
  '1.6': E('Mailbox has moved, no forwarding address', 'The recipient no longer receives mail at this address.', 'Find the recipient\'s new address and update your list.'),
  '1.7': E('Bad sender mailbox address syntax', 'The sender address (MAIL FROM) is malformed.', 'Use a valid envelope sender <user@domain>.'),
  '1.8': E('Bad sender system address', 'The sender\'s domain does not exist or has no mail service (no MX/A), so bounces could not be returned.', 'Send from a domain that resolves and can receive mail.'),
  '1.9': E('Message relayed to non-compliant mailer', 'The message went to a system that cannot give delivery status (RFC 3886).', 'Nothing to fix; delivery status beyond this point is unknown.', 'RFC 3886'),
  '1.10': E('Recipient address has null MX', 'The recipient\'s domain publishes a null MX (RFC 7505): it receives no mail.', 'Check the address; this domain does not receive email.', 'RFC 7505'),
  '2.0': E('Other mailbox status', 'Something is wrong with the recipient\'s mailbox, without more detail.', 'Read the reply text; retry later if the class is 4.'),
  '2.1': E('Mailbox disabled', 'The recipient\'s mailbox exists but does not accept messages (disabled or suspended).', 'Contact the recipient another way; remove the address if it stays disabled.'),
  '2.2': E('Mailbox full', 'The recipient\'s mailbox is over its quota.', 'Retry later (class 4) or tell the recipient to free space; the sender cannot fix it.'),
  '2.3': E('Message length exceeds administrative limit', 'The message is bigger than this mailbox accepts.', 'Send a smaller message (link to large files).'),
  '2.4': E('Mailing list expansion problem', 'The recipient is a list that could not be expanded.', 'Tell the list owner.'),
  '3.0': E('Other mail system status', 'The receiving mail system has a problem, without more detail.', 'Retry later (class 4), or read the text.'),
  '3.1': E('Mail system full', 'The receiving system is out of storage.', 'Retry later; the receiver must free space.'),
  '3.2': E('System not accepting network messages', 'The receiving host accepts no mail (shutting down, or not a mail host).', 'Check the MX records; retry later if the class is 4.'),
  '3.3': E('System not capable of selected features', 'The receiving system cannot do what the message asks (for example a feature or encoding).', 'Send without the feature (plain 7-bit, no special parameters).'),
  '3.4': E('Message too big for system', 'The message is larger than the receiving system accepts.', 'Make the message smaller: compress or link to attachments. Compare with the SIZE value in EHLO.'),
  '3.5': E('System incorrectly configured', 'The receiving system is misconfigured.', 'Tell the recipient\'s administrator.'),
  '3.6': E('Requested priority was changed', 'The server changed the requested priority of the message (RFC 6710).', 'Nothing needed unless priority matters.', 'RFC 6710'),
  '4.0': E('Other network or routing status', 'Something went wrong in the network or routing, without more detail.', 'Retry later; check DNS and connectivity.'),
  '4.1': E('No answer from host', 'The next host did not answer the connection.', 'Retry later; check the host\'s MX and reachability.'),
  '4.2': E('Bad connection', 'The connection was lost or broke during the transaction.', 'Retry; check network stability and timeouts.'),
  '4.3': E('Directory server failure', 'A directory lookup (often DNS) needed to route the message failed.', 'Retry later; check that the domains involved resolve.'),
  '4.4': E('Unable to route', 'No route to the destination: for example no MX and no A record, or a DNS failure.', 'Check the recipient domain\'s MX records.'),
  '4.5': E('Mail system congestion', 'The system is congested.', 'Retry later at a lower rate.'),
  '4.6': E('Routing loop detected', 'The message looped between servers (too many Received headers).', 'Fix the forwarding or MX setup that sends mail in circles.'),
  '4.7': E('Delivery time expired', 'The message stayed in a queue past the retry limit.', 'Find why earlier attempts failed (they were temporary errors) and send again.'),
  '5.0': E('Other protocol status', 'Something went wrong in the SMTP conversation, without more detail.', 'Read the text; check the client\'s protocol handling.'),
  '5.1': E('Invalid command', 'The command was not valid here.', 'Check the client: only use commands the server advertised, in order.'),
  '5.2': E('Syntax error', 'The command had a syntax error.', 'Fix the command syntax (angle brackets around addresses, no stray spaces).'),
  '5.3': E('Too many recipients', 'More recipients were given in one transaction than the server accepts.', 'Split the recipients over several messages.'),
  '5.4': E('Invalid command arguments', 'The command\'s arguments were not valid (for example a malformed HELO name).', 'Fix the arguments.'),
  '5.5': E('Wrong protocol version', 'The protocol version is not supported.', 'Use a standard SMTP client.'),
  '5.6': E('Authentication exchange line too long', 'An AUTH line was longer than the server accepts (RFC 4954).', 'Send the initial response in a separate line after the 334 challenge.', 'RFC 4954'),
  '6.0': E('Other media error', 'Something is wrong with the content, without more detail (often a content filter).', 'Read the text; check attachments and encoding.'),
  '6.1': E('Media not supported', 'The message contains content the system does not accept.', 'Remove or change the unsupported content type.'),
  '6.2': E('Conversion required and prohibited', 'The content would need conversion, which the message forbids.', 'Send content the receiver supports.'),
  '6.3': E('Conversion required but not supported', 'The content would need a conversion the system cannot do (for example 8-bit to 7-bit).', 'Send 7-bit safe content (quoted-printable or base64).'),
  '6.4': E('Conversion with loss performed', 'The system converted the content and lost something.', 'Usually nothing; check the received message if fidelity matters.'),
  '6.5': E('Conversion failed', 'The content conversion failed.', 'Send content that needs no conversion.'),
  '6.6': E('Message content not available', 'Referenced content could not be fetched (RFC 4468 BURL).', 'Resend with the content included.', 'RFC 4468'),
  '6.7': E('Non-ASCII addresses not permitted', 'An internationalised (UTF-8) address was used where the server does not allow it (RFC 6531).', 'Use an ASCII address, or a server that advertises SMTPUTF8.', 'RFC 6531'),
  '6.8': E('UTF-8 reply required but not permitted', 'The server would need to answer in UTF-8, which the client did not allow (RFC 6531).', 'Use SMTPUTF8 with a server that supports it.', 'RFC 6531'),
  '6.9': E('UTF-8 header cannot be transferred', 'The message has UTF-8 headers and the next hop cannot take them (RFC 6531).', 'Encode headers (RFC 2047) or use ASCII addresses.', 'RFC 6531'),
  '7.0': E('Other security or policy status', 'A security or policy rule refused this, without a more specific code (often authentication required, STARTTLS required, or a generic block).', 'Read the text: it names the policy.'),
  '7.1': E('Delivery not authorized, message refused', 'The receiver\'s policy refused it: blocklisted IP, relaying denied, sender not allowed, spam filter.', 'Read the text for the blocklist or rule; fix the cause (delist, authenticate, send through the right server) before resending.'),
  '7.2': E('Mailing list expansion prohibited', 'The sender may not send to this list.', 'Ask the list owner for permission.'),
  '7.3': E('Security conversion required but not possible', 'A security conversion was needed and could not be done.', 'Send without the security feature or to a capable system.'),
  '7.4': E('Security features not supported', 'The system does not support the security feature asked for.', 'Do not require that feature with this server.'),
  '7.5': E('Cryptographic failure', 'A cryptographic operation failed (signature or decryption).', 'Check signing/encryption keys and settings.'),
  '7.6': E('Cryptographic algorithm not supported', 'The algorithm used is not supported.', 'Use a supported algorithm.'),
  '7.7': E('Message integrity failure', 'The message was altered or its integrity check failed.', 'Check anything that rewrites the message in transit.'),
  '7.8': E('Authentication credentials invalid', 'The user name, password or token was not accepted (RFC 4954).', 'Check the credentials; use an app password or OAuth where the provider requires it.', 'RFC 4954'),
  '7.9': E('Authentication mechanism too weak', 'The AUTH mechanism is too weak for this account (RFC 4954).', 'Use a stronger mechanism or the provider\'s required method (app password, OAuth).', 'RFC 4954'),
  '7.10': E('Encryption needed', 'The server requires an encrypted connection (RFC 5248).', 'Use STARTTLS or implicit TLS.', 'RFC 5248'),
  '7.11': E('Encryption required for requested authentication mechanism', 'This AUTH mechanism is only allowed after TLS (RFC 4954).', 'Run STARTTLS (or use port 465) before AUTH.', 'RFC 4954'),
  '7.12': E('Password transition needed', 'The account needs one plain authentication to convert its password (RFC 4954).', 'Authenticate once with PLAIN over TLS.', 'RFC 4954'),
  '7.13': E('User account disabled', 'The account is disabled (RFC 5248).', 'Contact the mail provider\'s administrator.', 'RFC 5248'),
  '7.14': E('Trust relationship required', 'The server only accepts this from clients it has a trust relationship with (RFC 5248).', 'Use the relay the server expects, or arrange the trust (certificate, IP allow-list).', 'RFC 5248'),
  '7.15': E('Priority level too low', 'The message\'s priority is too low to be accepted now (RFC 6710).', 'Retry later or with another priority.', 'RFC 6710'),
  '7.16': E('Message too big for the specified priority', 'The message is too large for its priority (RFC 6710).', 'Send it smaller or with another priority.', 'RFC 6710'),
  '7.17': E('Mailbox owner has changed', 'The mailbox changed owner since the date the sender gave (RFC 7293 RRVS).', 'Confirm the recipient before resending.', 'RFC 7293'),
  '7.18': E('Domain owner has changed', 'The recipient domain changed owner since the date the sender gave (RFC 7293 RRVS).', 'Confirm the recipient before resending.', 'RFC 7293'),
  '7.19': E('RRVS test cannot be completed', 'The receiver could not check the require-recipient-valid-since condition (RFC 7293).', 'Resend without RRVS or retry later.', 'RFC 7293'),
  '7.20': E('No passing DKIM signature found', 'The message had no DKIM signature that verified (RFC 7372).', 'Sign outgoing mail with DKIM and make sure nothing modifies it after signing.', 'RFC 7372'),
  '7.21': E('No acceptable DKIM signature found', 'DKIM signatures verified but none was acceptable to the receiver\'s policy (RFC 7372).', 'Sign with a key and domain the receiver accepts (typically your From domain, 2048-bit RSA).', 'RFC 7372'),
  '7.22': E('No valid author-matched DKIM signature found', 'No verified DKIM signature matched the From (author) domain (RFC 7372).', 'Sign with d= set to the From domain (or its organisational domain).', 'RFC 7372'),
  '7.23': E('SPF validation failed', 'The sending IP is not allowed by the sender domain\'s SPF record (RFC 7372, 7208).', 'Add the sending service or IP to the SPF record of the MAIL FROM domain.', 'RFC 7372'),
  '7.24': E('SPF validation error', 'SPF could not be evaluated: a DNS error or a broken SPF record (permerror/temperror, RFC 7372, 7208).', 'Fix the SPF record (syntax, fewer than 10 lookups) and its DNS.', 'RFC 7372'),
  '7.25': E('Reverse DNS validation failed', 'The sending IP has no PTR record, or the PTR name does not resolve back to the IP (RFC 7372).', 'Publish a PTR for the sending IP whose name resolves back to it (ask the IP\'s owner: ISP or hosting provider).', 'RFC 7372'),
  '7.26': E('Multiple authentication checks failed', 'Several authentication checks failed together, typically SPF and DKIM (RFC 7372).', 'Set up SPF and DKIM for the sending domain, aligned with the From domain, and publish DMARC.', 'RFC 7372'),
  '7.27': E('Sender address has null MX', 'The sender\'s domain publishes a null MX (RFC 7505), so it cannot receive bounces.', 'Send from a return-path domain that accepts mail.', 'RFC 7505'),
  '7.28': E('Mail flood detected', 'The receiver sees an unusual volume of mail from this sender (registered in the IANA registry).', 'Slow down and check for compromised accounts or list problems.', IANA),
  '7.29': E('ARC validation failure', 'The ARC chain on the message did not validate (RFC 8617).', 'Check intermediaries (lists, forwarders) that add ARC seals.', 'RFC 8617'),
  '7.30': E('REQUIRETLS support required', 'The message asked for REQUIRETLS and the next hop does not support it (RFC 8689).', 'Send without REQUIRETLS or through hops that support it.', 'RFC 8689'),
};

/** Enhanced codes by "subject.detail". */
export const ENHANCED_CODES: ReadonlyMap<string, EnhancedCodeEntry> = new Map(Object.entries(TABLE));

/** What is known about an enhanced code: exact entry, or the subject when the detail is unknown. */
export interface EnhancedLookup {
  cls: 2 | 4 | 5;
  subject: number;
  detail: number;
  /** The exact entry, or null when only the subject is known. */
  entry: EnhancedCodeEntry | null;
  /** Subject name ("Security or policy status"); "Unknown subject" when outside 0–7. */
  subjectName: string;
}

/** Looks up "5.7.26"; null when the string is not an enhanced code. */
export function lookupEnhancedCode(enhanced: string): EnhancedLookup | null {
  const parts = splitEnhancedCode(enhanced);
  if (!parts) return null;
  const cls = parts.cls as 2 | 4 | 5;
  return {
    cls,
    subject: parts.subject,
    detail: parts.detail,
    entry: ENHANCED_CODES.get(`${parts.subject}.${parts.detail}`) ?? null,
    subjectName: ENHANCED_SUBJECTS[parts.subject]?.name ?? 'Unknown subject',
  };
}

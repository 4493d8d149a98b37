/**
 * Facts the raw bytes do not state but a reader needs: who was blind-copied,
 * what a real relay would have added, what a strict server would refuse.
 * They are shown beside the message, never written into it (the capture
 * stores bytes exactly as sent).
 */
import type { DerivedFact, Envelope, HeaderField, MessageSummary } from '../../../shared/model/message';
import { findField, findFields } from './header-block';

/** Fields RFC 5322 §3.6 allows at most once. */
const SINGLE_FIELDS = ['From', 'Sender', 'Reply-To', 'To', 'Cc', 'Bcc', 'Subject', 'Date', 'Message-ID', 'In-Reply-To', 'References'];

export interface FactInput {
  raw: Uint8Array;
  headers: readonly HeaderField[];
  summary: MessageSummary;
  envelope: Envelope | null;
}

export function deriveFacts({ raw, headers, summary, envelope }: FactInput): DerivedFact[] {
  const facts: DerivedFact[] = [];
  const add = (kind: string, text: string): void => {
    facts.push({ kind, text });
  };

  if (envelope) {
    const visible = new Set([...summary.to, ...summary.cc].map((a) => a.address.toLowerCase()));
    const blind = envelope.rcptTo.map((r) => r.address).filter((address) => !visible.has(address.toLowerCase()));
    if (blind.length > 0) {
      add('bcc', `Bcc (blind copy): ${blind.join(', ')} — ${blind.length === 1 ? 'an envelope recipient' : 'envelope recipients'} named in no To or Cc header.`);
    }
  }

  const bccHeader = findField(headers, 'bcc');
  if (bccHeader) {
    add(
      'bcc-header',
      `The message itself carries a Bcc header (${bccHeader.decoded || 'empty'}). Every recipient receives these bytes, so the blind copies are visible to all; senders normally leave Bcc out of the message and name those addresses only in the envelope.`,
    );
  }

  if (!findField(headers, 'from')) add('missing-from', 'No From header. RFC 5322 requires one, and most receiving servers reject or junk mail without it.');
  if (!findField(headers, 'date')) add('missing-date', 'No Date header. RFC 5322 requires one; a relay would add it, with its own clock.');
  else if (summary.date === null) add('bad-date', `The Date header ("${findField(headers, 'date')?.raw ?? ''}") is not a date this parser can read.`);
  if (!findField(headers, 'message-id')) add('missing-message-id', 'No Message-ID header (a relay would add one). Threading and de-duplication rely on it, and some receivers score mail without it as suspicious.');

  for (const name of SINGLE_FIELDS) {
    const count = findFields(headers, name).length;
    if (count > 1) add('duplicate-header', `The message has ${count} ${name} headers; RFC 5322 allows one, and receivers may show either or refuse the message.`);
  }

  if (envelope) {
    add(
      'return-path',
      envelope.mailFrom === ''
        ? 'A receiving server would add "Return-Path: <>": the null sender of MAIL FROM, used by bounces and auto-replies so that nothing bounces back.'
        : `A receiving server would add "Return-Path: <${envelope.mailFrom}>" from MAIL FROM; bounces go there, not to the From address.`,
    );
    const fromDomain = domainOf(summary.from[0]?.address ?? '');
    const mailFromDomain = domainOf(envelope.mailFrom);
    if (fromDomain && mailFromDomain && fromDomain !== mailFromDomain) {
      add(
        'envelope-sender-domain',
        `The envelope sender's domain (${mailFromDomain}) differs from the From domain (${fromDomain}). SPF is checked for ${mailFromDomain}, so DMARC can pass on SPF only if the two share an organizational domain; otherwise it needs an aligned DKIM signature.`,
      );
    }
  }

  if (summary.source === 'smtp') {
    add(
      'received',
      'A real mail server would add a Received header for this hop (client address, HELO name, time). Mailscope keeps the bytes exactly as sent; the SMTP session tab holds that information instead.',
    );
    const bareLf = countBareLf(raw);
    if (bareLf > 0) {
      add(
        'bare-lf',
        `${bareLf} line${bareLf === 1 ? ' ends' : 's end'} with a bare LF instead of CRLF. SMTP requires CRLF, and some servers refuse such mail (Postfix's smtpd_forbid_bare_newline, for one).`,
      );
    }
    addEncodingFacts(raw, headers, envelope, add);
  }
  return facts;
}

/** 8-bit content or UTF-8 headers sent without the extension that allows them. */
function addEncodingFacts(raw: Uint8Array, headers: readonly HeaderField[], envelope: Envelope | null, add: (kind: string, text: string) => void): void {
  if (!envelope) return;
  const params = envelope.mailFromParams;
  const smtputf8 = params['SMTPUTF8'] !== undefined;
  const body = typeof params['BODY'] === 'string' ? params['BODY'].toUpperCase() : '';
  const utf8Headers = headers.some((h) => /[^\x00-\x7f]/.test(h.raw));
  if (utf8Headers && !smtputf8) {
    add('utf8-without-smtputf8', 'The headers contain raw non-ASCII text, but MAIL FROM did not ask for SMTPUTF8; a strict server would refuse it (encode the text as RFC 2047 words, or use SMTPUTF8).');
  }
  if (!smtputf8 && body !== '8BITMIME' && body !== 'BINARYMIME' && hasHighBytes(raw)) {
    add('8bit-without-8bitmime', 'The message contains 8-bit bytes, but MAIL FROM did not declare BODY=8BITMIME; a strict or 7-bit server could refuse or corrupt it.');
  }
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? '' : address.slice(at + 1).toLowerCase();
}

function countBareLf(raw: Uint8Array): number {
  let n = 0;
  let i = raw.indexOf(0x0a);
  while (i !== -1) {
    if (i === 0 || raw[i - 1] !== 0x0d) n++;
    i = raw.indexOf(0x0a, i + 1);
  }
  return n;
}

function hasHighBytes(raw: Uint8Array): boolean {
  for (let i = 0; i < raw.length; i++) if ((raw[i] as number) > 0x7f) return true;
  return false;
}

/**
 * One entry point for every vendor verdict decoder: give it the header
 * fields (in message order) and get each verdict header decoded field by
 * field, attributed to a position in the Received chain, with upstream
 * copies marked, and every `X-` header nobody decoded listed.
 */
import type { RawHeaderField } from '../header-block';
import type { ParseWarning } from '../warnings';
import { warn } from '../warnings';
import { decodeBarracuda } from './barracuda';
import { GMAIL_NO_REASON, decodeGoogle } from './google';
import { decodeIronPort } from './ironport';
import { decodeMicrosoft } from './microsoft';
import { decodeMimecast } from './mimecast';
import { decodeProofpoint } from './proofpoint';
import { decodeRspamd } from './rspamd';
import { attachReportPoints, decodeSpamAssassin } from './spamassassin';
import type { HeaderDecoder, UnknownHeader, VendorReport, VendorVerdict } from './types';
import { decodeYahoo } from './yahoo';

export type { Provenance, Tone, UnknownHeader, VendorId, VendorReport, VendorVerdict, VerdictField, VerdictScore } from './types';
export { describeBcl, describeCompauthReason, describeScl } from './microsoft';
export { describeSpamAssassinRule } from './spamassassin-rules';
export { GMAIL_NO_REASON } from './google';

const DECODERS: HeaderDecoder[] = [decodeMicrosoft, decodeSpamAssassin, decodeRspamd, decodeProofpoint, decodeMimecast, decodeBarracuda, decodeIronPort, decodeGoogle, decodeYahoo];

/** Notes for common informational X- headers, so the unknown list is readable. */
const INFO: [RegExp, string][] = [
  [/^x-mailer$/, 'The program that composed the message.'],
  [/^x-originating-ip$/, 'The IP address of the sender\'s device, as recorded by their provider.'],
  [/^x-original-to$/, 'The recipient address before aliases were expanded (Postfix).'],
  [/^x-mailing-list$|^x-list/, 'Mailing-list bookkeeping.'],
  [/^x-priority$|^x-msmail-priority$/, 'Priority set by the sender\'s mail program.'],
  [/^x-mimeole$/, 'The MIME library of the sender\'s mail program (old Outlook).'],
  [/^x-ms-|^x-microsoft-|^x-eop|^x-originatororg$|^x-o365-|^x-exchange-|^x-forefront-/, 'Microsoft 365 internal bookkeeping (not a verdict).'],
  [/^x-google-|^x-gm-/, 'Google internal data (not a verdict).'],
  [/^x-ses-|^x-amz-/, 'Amazon SES bookkeeping.'],
  [/^x-sg-|^x-sendgrid/, 'SendGrid bookkeeping.'],
  [/^x-mailgun-/, 'Mailgun bookkeeping.'],
  [/^x-mc-|^x-mandrill/, 'Mailchimp/Mandrill or Mimecast bookkeeping.'],
  [/^x-virus-scanned$/, 'Which anti-virus scanned the message.'],
  [/^x-scanned-by$/, 'Which filter scanned the message.'],
  [/^x-spam-/, 'A spam filter header this decoder does not know.'],
  [/^x-report-abuse|^x-abuse/, 'Where to report abuse.'],
  [/^x-auto-response-suppress$/, 'Asks auto-responders not to reply (Exchange).'],
  [/^x-csa-complaints$/, 'Certified Senders Alliance complaint address (a whitelisting programme).'],
];

/**
 * Decode every vendor verdict header in a header block. Fields must be in
 * message order (topmost first), as `splitHeaderBlock` returns them.
 * Never throws.
 */
export function decodeVendorVerdicts(fields: RawHeaderField[]): VendorReport {
  const warnings: ParseWarning[] = [];
  const verdicts: VendorVerdict[] = [];
  const unknownHeaders: UnknownHeader[] = [];
  const notes: string[] = [];
  let receivedAbove = 0;
  for (const field of fields) {
    let verdict: VendorVerdict | null = null;
    for (const d of DECODERS) {
      try {
        verdict = d({ field, receivedAbove, warnings });
      } catch (e) {
        warnings.push(warn('vendor-decoder-error', `Could not decode ${field.name}: ${e instanceof Error ? e.message : String(e)}`, { line: field.line }));
        verdict = null;
      }
      if (verdict) break;
    }
    if (verdict) verdicts.push(verdict);
    else if (/^x-/i.test(field.name)) {
      const info = INFO.find(([re]) => re.test(field.key));
      unknownHeaders.push({ name: field.name, value: field.value.length > 500 ? `${field.value.slice(0, 499)}…` : field.value, line: field.line, note: info ? info[1] : null });
    }
    if (field.key === 'received') receivedAbove++;
  }

  // A header that appears more than once (Proofpoint on both sides, two SpamAssassin passes): the topmost copy is the last system's.
  const seen = new Map<string, VendorVerdict>();
  for (const v of verdicts) {
    const key = `${v.vendor}:${v.header.toLowerCase()}`;
    const first = seen.get(key);
    if (!first) { seen.set(key, v); continue; }
    if (!v.upstream) {
      v.upstream = true;
      v.notes.push(`A later system wrote another ${v.header} above this one (position ${first.fieldIndex + 1}); this copy is from an earlier hop${v.receivedAbove > first.receivedAbove ? ` (${v.receivedAbove - first.receivedAbove} hop(s) further down the chain)` : ''}.`);
    }
  }
  attachReportPoints(verdicts);

  if (gmailIsReceiver(fields)) notes.push(GMAIL_NO_REASON);
  return { verdicts, unknownHeaders, notes, warnings };
}

/** True when the final receiver looks like Gmail (topmost AR by mx.google.com, or topmost named Received by a google.com host). */
export function gmailIsReceiver(fields: RawHeaderField[]): boolean {
  const ar = fields.find((f) => f.key === 'authentication-results');
  if (ar && /^\s*mx\.google\.com\b/i.test(ar.value)) return true;
  for (const f of fields) {
    if (f.key !== 'received') continue;
    const by = /\bby\s+([^\s;(]+)/i.exec(f.value)?.[1];
    if (!by || /^[\d.:a-f]+$/i.test(by)) continue; // Google's internal "by 2002:…" hops name no host
    return /(^|\.)google\.com$/i.test(by.replace(/\.$/, ''));
  }
  return false;
}

/**
 * Rspamd headers (milter_headers module):
 *   X-Spamd-Result: default: False [0.84 / 15.00]; SYMBOL(weight)[options]; …
 *   X-Rspamd-Action: no action | greylist | add header | rewrite subject | soft reject | reject
 *   X-Rspamd-Score, X-Spamd-Bar, X-Rspamd-Server, X-Rspamd-Queue-Id, X-Rspamd-Pre-Result
 * The subtle part (field notes §2.4): "True/False" is true only for the
 * reject action, and the number after "/" is the reject threshold, so
 * "False [7.2 / 15.00]" can still mean "sent to Junk". Read it with the action.
 */
import { type DecodeContext, type HeaderDecoder, type Tone, type VendorVerdict, num, verdictBase, vf } from './types';

const DOC = 'Rspamd documentation (milter_headers module)';
const SYM = 'Rspamd symbol (description written for Mailscope)';

const SYMBOLS: Record<string, string> = {
  R_SPF_ALLOW: 'SPF passed.', R_SPF_FAIL: 'SPF failed.', R_SPF_SOFTFAIL: 'SPF soft-failed.', R_SPF_NEUTRAL: 'SPF neutral.',
  R_SPF_DNSFAIL: 'SPF could not be checked (DNS error).', R_SPF_NA: 'No SPF record.', R_SPF_PERMFAIL: 'The SPF record is broken (permerror).',
  R_DKIM_ALLOW: 'A DKIM signature verified.', R_DKIM_REJECT: 'A DKIM signature failed.', R_DKIM_TEMPFAIL: 'DKIM could not be checked (DNS error).',
  R_DKIM_NA: 'No DKIM signature.', R_DKIM_PERMFAIL: 'DKIM permanent error (bad key or signature syntax).',
  DMARC_POLICY_ALLOW: 'DMARC passed.', DMARC_POLICY_REJECT: 'DMARC failed and the domain asks for rejection.', DMARC_POLICY_QUARANTINE: 'DMARC failed and the domain asks for quarantine.',
  DMARC_POLICY_SOFTFAIL: 'DMARC failed, but the policy is p=none.', DMARC_NA: 'No DMARC record.', DMARC_BAD_POLICY: 'The DMARC record is invalid.', DMARC_DNSFAIL: 'DMARC could not be checked (DNS error).',
  DMARC_POLICY_ALLOW_WITH_FAILURES: 'DMARC passed although one of SPF/DKIM failed.',
  ARC_ALLOW: 'The ARC chain verified.', ARC_REJECT: 'The ARC chain is broken.', ARC_NA: 'No ARC headers.', ARC_SIGNED: 'Rspamd added an ARC seal.',
  MIME_GOOD: 'The MIME structure is well-formed.', MIME_UNKNOWN: 'An unknown MIME type is present.', MIME_TRACE: 'MIME structure trace (informational).',
  RCVD_TLS_ALL: 'Every hop used TLS.', RCVD_TLS_LAST: 'The last hop used TLS.', RCVD_NO_TLS_LAST: 'The last hop did not use TLS.',
  RCVD_COUNT_ONE: 'One Received header.', RCVD_COUNT_TWO: 'Two Received headers.', RCVD_COUNT_THREE: 'Three to five Received headers.',
  RCVD_VIA_SMTP_AUTH: 'The message was submitted with SMTP authentication.', RCVD_IN_DNSWL_NONE: 'Sending IP on DNSWL, neutral trust.',
  RCVD_IN_DNSWL_LOW: 'Sending IP on DNSWL, low trust.', RCVD_IN_DNSWL_MED: 'Sending IP on DNSWL, medium trust.', RCVD_IN_DNSWL_HI: 'Sending IP on DNSWL, high trust.',
  RWL_MAILSPIKE_GOOD: 'Mailspike: good sender reputation.', RWL_MAILSPIKE_VERYGOOD: 'Mailspike: very good sender reputation.', RWL_MAILSPIKE_EXCELLENT: 'Mailspike: excellent sender reputation.',
  RWL_MAILSPIKE_POSSIBLE: 'Mailspike: possibly listed (neutral).', RBL_SPAMHAUS_PBL: 'Sending IP on Spamhaus PBL (dynamic/consumer range).',
  RBL_SPAMHAUS_SBL: 'Sending IP on Spamhaus SBL.', RBL_SPAMHAUS_XBL: 'Sending IP on Spamhaus XBL (compromised host).', RBL_MAILSPIKE_BAD: 'Mailspike: bad reputation.',
  FROM_HAS_DN: 'From has a display name.', FROM_EQ_ENVFROM: 'From equals the envelope sender.', FROM_NEQ_ENVFROM: 'From differs from the envelope sender.',
  TO_DN_ALL: 'All recipients have display names.', TO_DN_NONE: 'No recipient has a display name.', TO_MATCH_ENVRCPT_ALL: 'All To addresses match envelope recipients.',
  RCPT_COUNT_ONE: 'One recipient.', RCPT_COUNT_TWO: 'Two recipients.', RCPT_COUNT_THREE: 'Three to five recipients.', RCPT_COUNT_FIVE: 'Five to seven recipients.',
  MID_RHS_MATCH_FROM: 'The Message-ID domain matches the From domain.', MID_CONTAINS_FROM: 'The Message-ID contains the From address.',
  MID_RHS_NOT_FQDN: 'The Message-ID domain is not a full domain name.', ASN: 'The sending IP\'s network (ASN) and country (informational).',
  MAILLIST: 'The message came through a mailing list.', FORGED_SENDER: 'The sender looks forged.', FORGED_RECIPIENTS: 'Recipients look forged.',
  FREEMAIL_FROM: 'From is a free mail provider.', FREEMAIL_ENVFROM: 'Envelope sender is a free mail provider.', SUSPICIOUS_RECIPS: 'Recipients look suspicious (many similar addresses).',
  BAYES_SPAM: 'Bayesian filter says spam.', BAYES_HAM: 'Bayesian filter says ham.', NEURAL_SPAM: 'Neural network says spam.', NEURAL_HAM: 'Neural network says ham.',
  FUZZY_DENIED: 'The message matches a fuzzy hash of known spam.', HFILTER_HOSTNAME_UNKNOWN: 'The connecting host has no reverse DNS.',
  R_PARTS_DIFFER: 'The text and HTML parts differ a lot.', HAS_LIST_UNSUB: 'Has a List-Unsubscribe header.', PREVIOUSLY_DELIVERED: 'Delivered-To shows it was delivered before.',
  ONCE_RECEIVED: 'Only one Received header.', DKIM_TRACE: 'Which DKIM signatures were checked (informational).', R_MIXED_CHARSET: 'Mixed character sets (possible obfuscation).',
  URIBL_BLACK: 'A link is on URIBL black.', DBL_SPAM: 'A link domain is on Spamhaus DBL.', PHISHING: 'A link\'s text and target domains differ (phishing pattern).',
  GREYLIST: 'The message was greylisted.', FORCE_ACTION: 'A forced action (settings or a multimap rule) was applied.',
};

const ACTIONS: Record<string, [string, Tone]> = {
  'no action': ['No action: delivered normally.', 'good'],
  greylist: ['Greylisted: temporarily refused, to be retried.', 'warning'],
  'add header': ['Spam headers added: most mail systems then file it in Junk.', 'bad'],
  'rewrite subject': ['Subject rewritten to mark it as spam.', 'bad'],
  'soft reject': ['Soft-rejected: a temporary failure was returned.', 'warning'],
  reject: ['Rejected.', 'bad'],
};

/** Parse X-Spamd-Result into its head and symbols. */
export function parseSpamdResult(value: string): { isSpam: boolean | null; score: number | null; required: number | null; symbols: { name: string; weight: number | null; options: string }[] } {
  const head = /^\s*\w+:\s*(True|False)\s*\[\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)\s*\]/i.exec(value);
  const symbols: { name: string; weight: number | null; options: string }[] = [];
  for (const m of value.matchAll(/([A-Z][A-Z0-9_]*)\((-?[\d.]+)\)(?:\[([^\]]*)\])?/g)) symbols.push({ name: m[1]!, weight: num(m[2]), options: m[3] ?? '' });
  return { isSpam: head ? head[1]!.toLowerCase() === 'true' : null, score: head ? Number(head[2]) : null, required: head ? Number(head[3]) : null, symbols };
}

function result(ctx: DecodeContext): VendorVerdict {
  const v = verdictBase(ctx, 'rspamd');
  const r = parseSpamdResult(ctx.field.value);
  if (r.isSpam !== null) v.fields.push(vf('default', r.isSpam ? 'True' : 'False', r.isSpam ? 'True: the action was "reject".' : 'False: the action was not "reject" — the message may still have been sent to Junk (see X-Rspamd-Action).', 'documented', DOC, r.isSpam ? 'bad' : 'info'));
  if (r.score !== null) v.fields.push(vf('score', String(r.score), `Total score ${r.score}; the second number (${r.required}) is the reject threshold, not the Junk threshold (default add-header threshold is 6).`, 'documented', DOC));
  for (const s of r.symbols) {
    const d = SYMBOLS[s.name];
    const w = s.weight ?? 0;
    const tone: Tone = w >= 1 ? 'bad' : w > 0 ? 'warning' : w < 0 ? 'good' : 'info';
    v.fields.push(vf(s.name, `${s.weight ?? ''}${s.options ? ` [${s.options}]` : ''}`, `${d ?? 'Not in the bundled symbol descriptions; a live Rspamd lists it at /symbols.'}${s.options ? ` Details: ${s.options}.` : ''}`, d ? 'documented' : 'community-observed', SYM, tone, s.weight ?? undefined));
  }
  if (r.score !== null) v.score = { value: r.score, threshold: r.required, thresholdMeaning: 'reject at or above (Junk threshold is separate, default 6)', scale: 'Rspamd score' };
  v.summary = r.score !== null ? `Rspamd score ${r.score} (reject at ${r.required}); ${r.symbols.length} symbols.` : `Rspamd result with ${r.symbols.length} symbols.`;
  v.tone = r.isSpam ? 'bad' : r.score !== null && r.score >= 6 ? 'warning' : 'info';
  v.notes.push('Rspamd sorts symbols by the size of their weight; positive weights push towards spam, negative towards ham.');
  return v;
}

/** Decoder for Rspamd headers. */
export const decodeRspamd: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  const val = ctx.field.value.trim();
  if (k === 'x-spamd-result') return result(ctx);
  const one = (meaning: string, tone: Tone = 'info') => {
    const v = verdictBase(ctx, 'rspamd');
    v.fields.push(vf(ctx.field.name, val, meaning, 'documented', DOC, tone));
    v.summary = meaning;
    v.tone = tone;
    return v;
  };
  if (k === 'x-rspamd-action') { const a = ACTIONS[val.toLowerCase()]; return one(a ? a[0] : `Action "${val}".`, a ? a[1] : 'info'); }
  if (k === 'x-rspamd-score') { const v = one(`Rspamd score ${val}.`); const n = num(val); if (n !== null) v.score = { value: n, threshold: null, thresholdMeaning: null, scale: 'Rspamd score' }; return v; }
  if (k === 'x-spamd-bar') return one(`Score as a bar: ${val.length} mark${val.length === 1 ? '' : 's'} (+ per point towards spam, - towards ham, / for zero).`);
  if (k === 'x-rspamd-server') return one(`Scanned by Rspamd on ${val}.`);
  if (k === 'x-rspamd-queue-id') return one(`Rspamd's queue id for this message: ${val}.`);
  if (k === 'x-rspamd-pre-result') return one(`A pre-filter decided the action before scanning: ${val}.`, 'warning');
  return null;
};

/**
 * Microsoft 365 / Exchange Online Protection verdict headers.
 *
 * Meanings come from Microsoft Learn "Anti-spam message headers in
 * Microsoft 365" (defender-office-365/message-headers-eop-mdo.md), the SCL
 * and BCL articles, and the compauth reason table in the same doc; fields
 * Microsoft does not describe (SFS, ENG, ARA, ucf, jmr, dest…) are labelled
 * community-observed (decode-spam-headers, MHA's rules). The `-Untrusted`
 * variants are a verdict stamped by another tenant upstream: shown, but
 * marked as not this recipient's.
 */
import { type DecodeContext, type HeaderDecoder, type Tone, type VendorVerdict, type VerdictField, num, verdictBase, vf } from './types';
import { warn } from '../warnings';

const DOC = 'Microsoft Learn: anti-spam message headers';
const SCL_DOC = 'Microsoft Learn: spam confidence level (SCL)';
const BCL_DOC = 'Microsoft Learn: bulk complaint level (BCL)';
const COMMUNITY = 'community (decode-spam-headers, MHA)';

/** SCL value → meaning and tone (documented). */
export function describeScl(raw: string): { meaning: string; tone: Tone } {
  const n = num(raw);
  if (n === null) return { meaning: `Not a number ("${raw}").`, tone: 'info' };
  if (n === -1) return { meaning: 'Spam filtering was skipped (trusted sender, transport rule or allow list): delivered to the inbox.', tone: 'info' };
  if (n === 0 || n === 1) return { meaning: 'Not spam: delivered to the inbox.', tone: 'good' };
  if (n === 5 || n === 6) return { meaning: 'Spam: delivered to Junk (or quarantined, per policy).', tone: 'bad' };
  if (n >= 7 && n <= 9) return { meaning: 'High-confidence spam: quarantined or Junk, per policy. 7 often comes from DMARC failure, human grading or a transport rule.', tone: 'bad' };
  if (n >= 2 && n <= 4) return { meaning: 'Values 2–4 are not stamped by Microsoft\'s filter; a transport rule or another system set this.', tone: 'warning' };
  return { meaning: 'Outside the documented range −1…9.', tone: 'warning' };
}

/** BCL value → meaning (documented). */
export function describeBcl(raw: string): { meaning: string; tone: Tone } {
  const n = num(raw);
  if (n === null) return { meaning: `Not a number ("${raw}").`, tone: 'info' };
  if (n === 0) return { meaning: 'Not bulk mail.', tone: 'good' };
  if (n <= 3) return { meaning: 'Bulk mail from a sender with few complaints.', tone: 'info' };
  if (n <= 7) return { meaning: 'Bulk mail from a sender with a mixed number of complaints. The default threshold is 7 (Standard preset 6, Strict 5): at or above it the message goes to Junk.', tone: 'warning' };
  if (n <= 9) return { meaning: 'Bulk mail from a sender with many complaints: above every default threshold, so Junk.', tone: 'bad' };
  return { meaning: 'Outside the documented range 0–9.', tone: 'warning' };
}

const SFV: Record<string, [string, Tone]> = {
  BLK: ['The sender is on the recipient\'s Blocked Senders list: filtering skipped, sent to Junk.', 'bad'],
  NSPM: ['Not spam.', 'good'],
  SFE: ['The sender is on the recipient\'s Safe Senders list: filtering skipped.', 'info'],
  SKA: ['Allowed by the anti-spam policy\'s allowed senders/domains list: filtering skipped.', 'info'],
  SKB: ['Blocked by the anti-spam policy\'s blocked senders/domains list.', 'bad'],
  SKN: ['Marked non-spam before filtering (SCL −1, e.g. a transport rule).', 'info'],
  SKQ: ['Released from quarantine.', 'info'],
  SKS: ['Marked as spam before filtering (a transport rule set SCL 5–9).', 'bad'],
  SPM: ['Spam, by the content filter.', 'bad'],
};

const CAT: Record<string, string> = {
  AMP: 'anti-malware policy', BIMP: 'brand impersonation (Defender for Office 365)', BULK: 'bulk mail',
  DIMP: 'domain impersonation (Defender for Office 365)', FTBP: 'common attachments filter', GIMP: 'mailbox-intelligence impersonation (Defender for Office 365)',
  HPHSH: 'high-confidence phishing', HPHISH: 'high-confidence phishing', HSPM: 'high-confidence spam', INTOS: 'intra-organisation phishing',
  MALW: 'malware', OSPM: 'outbound spam', PHSH: 'phishing', SAP: 'Safe Attachments (Defender for Office 365)', SPM: 'spam',
  SPOOF: 'spoofing', UIMP: 'user impersonation (Defender for Office 365)', NONE: 'no policy category applied',
};

/** compauth reason code → meaning (documented). */
export function describeCompauthReason(reason: string): string {
  const r = reason.trim();
  if (r === '000') return 'Explicit fail: the sender\'s DMARC record says p=quarantine or p=reject and the message failed it.';
  if (r === '001') return 'Implicit fail: no records, or weak ones (SPF ~all/?all, DMARC p=none), so Microsoft judged the sender by its own signals and failed it.';
  if (r === '002') return 'Blocked: the organisation prohibits this sender/domain pair from spoofing.';
  if (r === '010') return 'DMARC failed for one of the recipient organisation\'s own accepted domains (self-to-self spoofing).';
  if (r === '130') return 'Passed because ARC from a trusted sealer overrode a DMARC failure (forwarding or a mailing list).';
  if (/^[17]\d\d$/.test(r)) return 'Passed (explicit or implicit authentication succeeded).';
  if (/^2\d\d$/.test(r)) return 'Soft-passed: not authenticated enough to pass, not bad enough to fail.';
  if (/^3\d\d$/.test(r)) return 'Not checked for composite authentication.';
  if (/^[49]\d\d$/.test(r)) return 'Composite authentication was bypassed (allowed sender, transport rule or similar).';
  if (/^6\d\d$/.test(r)) return 'Implicit fail for mail claiming to be from one of the organisation\'s own accepted domains (intra-org spoof).';
  return 'Not a documented reason code.';
}

function pairs(value: string): [string, string][] {
  return value.split(';').map((p) => p.trim()).filter(Boolean).map((p) => {
    const i = p.indexOf(':');
    return i < 0 ? [p, ''] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  });
}

function markUntrusted(v: VendorVerdict): void {
  if (/-untrusted$/i.test(v.header)) {
    v.upstream = true;
    v.notes.push('This is the "-Untrusted" copy: another Microsoft 365 organisation (or an earlier hop) stamped it. It is not the recipient\'s verdict.');
  }
}

function forefront(ctx: DecodeContext): VendorVerdict {
  const v = verdictBase(ctx, 'microsoft');
  markUntrusted(v);
  let scl: string | null = null;
  let sfv: string | null = null;
  for (const [k, raw] of pairs(ctx.field.value)) {
    const K = k.toUpperCase();
    let f: VerdictField;
    switch (K) {
      case 'CIP': f = vf(k, raw, raw ? `Connecting IP address: ${raw}.` : 'Connecting IP not stated.', 'documented', DOC); break;
      case 'CTRY': f = vf(k, raw, raw ? `Country of the connecting IP (may differ from where the message originated): ${raw}.` : 'Country not determined.', 'documented', DOC); break;
      case 'LANG': f = vf(k, raw, `Language the message was detected as written in: ${raw || 'unknown'}.`, 'documented', DOC); break;
      case 'SCL': { scl = raw; const d = describeScl(raw); f = vf(k, raw, d.meaning, 'documented', SCL_DOC, d.tone); break; }
      case 'SRV': f = vf(k, raw, raw.toUpperCase() === 'BULK' ? 'Identified as bulk by its BCL exceeding the threshold (with "mark bulk as spam" on, SCL becomes 6).' : raw ? `Service flag "${raw}".` : 'No service flag.', 'documented', DOC, raw.toUpperCase() === 'BULK' ? 'warning' : 'info'); break;
      case 'IPV': f = vf(k, raw, raw === 'CAL' ? 'Filtering skipped: the connecting IP is on the IP Allow List.' : raw === 'NLI' ? 'The IP address is not on any IP reputation list.' : `IP reputation flag "${raw}".`, 'documented', DOC, raw === 'NLI' ? 'good' : 'info'); break;
      case 'SFV': { sfv = raw; const d = SFV[raw.toUpperCase()]; f = vf(k, raw, d ? d[0] : `Filter verdict "${raw}" is not documented.`, d ? 'documented' : 'community-observed', d ? DOC : COMMUNITY, d ? d[1] : 'info'); break; }
      case 'H': f = vf(k, raw, `HELO/EHLO name the connecting server gave: ${raw || '(none)'}.`, 'documented', DOC); break;
      case 'PTR': f = vf(k, raw, raw ? `Reverse DNS (PTR) of the connecting IP: ${raw}.` : 'The connecting IP has no reverse DNS name.', 'documented', DOC, raw ? 'info' : 'warning'); break;
      case 'CAT': { const c = CAT[raw.toUpperCase()]; f = vf(k, raw, c ? `Protection policy category applied: ${c}.` : `Category "${raw}" is not documented.`, c ? 'documented' : 'community-observed', c ? DOC : COMMUNITY, ['NONE', ''].includes(raw.toUpperCase()) ? 'good' : raw.toUpperCase() === 'BULK' ? 'warning' : 'bad'); break; }
      case 'SFTY': f = vf(k, raw, raw === '9.19' ? 'Phishing: domain impersonation.' : raw === '9.20' ? 'Phishing: user impersonation.' : raw === '9.25' ? 'First-contact safety tip shown.' : `Phishing sub-type ${raw} (not documented).`, ['9.19', '9.20', '9.25'].includes(raw) ? 'documented' : 'community-observed', DOC, raw === '9.25' ? 'info' : 'bad'); break;
      case 'DIR': f = vf(k, raw, raw === 'INB' ? 'Inbound message.' : raw === 'OUT' ? 'Outbound message.' : raw === 'INT' ? 'Internal message.' : `Direction "${raw}".`, 'documented', DOC); break;
      case 'X-CUSTOMSPAM': f = vf(k, raw, `Matched an Advanced Spam Filter (ASF) option: ${raw}.`, 'documented', DOC, 'bad'); break;
      case 'ARC': f = vf(k, raw, 'ARC results as Microsoft saw them (AAR/AMS/AS components; AS carries cv=).', 'documented', DOC); break;
      case 'SFS': case 'ENG': case 'SFP': case 'RULEID': case 'OFR':
        f = vf(k, raw, 'Internal anti-spam rule identifiers; Microsoft does not publish their meaning (guesses exist in decode-spam-headers; treat as unofficial).', 'community-observed', COMMUNITY); break;
      case 'PCL': { const n = num(raw); f = vf(k, raw, n === null ? 'Phish confidence level.' : n <= 3 ? 'Phish confidence level: low (not phish).' : 'Phish confidence level: high (likely phish).', 'community-observed', COMMUNITY, n !== null && n > 3 ? 'bad' : 'info'); break; }
      default: f = vf(k, raw, 'Not described by Microsoft ("used exclusively by the Microsoft anti-spam team").', 'community-observed', DOC);
    }
    v.fields.push(f);
  }
  if (scl !== null) {
    const d = describeScl(scl);
    v.score = { value: num(scl) ?? 0, threshold: 5, thresholdMeaning: 'spam at SCL 5 or more', scale: 'SCL −1…9' };
    v.summary = `SCL ${scl}${sfv ? `, verdict ${sfv}` : ''}: ${d.meaning}`;
    v.tone = d.tone;
  } else {
    v.summary = sfv ? `Filter verdict ${sfv}.` : 'Microsoft anti-spam report without an SCL.';
  }
  if (v.fields.length === 0) ctx.warnings.push(warn('vendor-empty', `${ctx.field.name} has no fields.`, { line: ctx.field.line }));
  return v;
}

function antispam(ctx: DecodeContext): VendorVerdict {
  const v = verdictBase(ctx, 'microsoft');
  markUntrusted(v);
  for (const [k, raw] of pairs(ctx.field.value)) {
    const K = k.toUpperCase();
    if (K === 'BCL') {
      const d = describeBcl(raw);
      v.fields.push(vf(k, raw, d.meaning, 'documented', BCL_DOC, d.tone));
      v.score = { value: num(raw) ?? 0, threshold: 7, thresholdMeaning: 'Junk at or above the tenant threshold (default 7; Standard preset 6, Strict 5)', scale: 'BCL 0–9' };
      v.summary = `BCL ${raw}: ${d.meaning}`;
      v.tone = d.tone;
    } else if (K === 'PCL') {
      const n = num(raw);
      v.fields.push(vf(k, raw, n !== null && n >= 4 ? 'Phish confidence level: likely phishing.' : 'Phish confidence level: not phishing.', 'community-observed', COMMUNITY, n !== null && n >= 4 ? 'bad' : 'good'));
    } else {
      v.fields.push(vf(k, raw, 'Internal rule identifiers (not documented by Microsoft).', 'community-observed', COMMUNITY));
    }
  }
  if (!v.summary) v.summary = 'Microsoft anti-spam details without a bulk level.';
  return v;
}

const DEST: Record<string, string> = { I: 'the Inbox', J: 'the Junk Email folder', C: 'a custom folder (an inbox rule moved it)' };

function mailboxDelivery(ctx: DecodeContext): VendorVerdict {
  const v = verdictBase(ctx, 'microsoft');
  for (const [k, raw] of pairs(ctx.field.value)) {
    const K = k.toLowerCase();
    let meaning: string;
    let tone: Tone = 'info';
    switch (K) {
      case 'dest': meaning = `Final folder: ${DEST[raw.toUpperCase()] ?? `"${raw}"`}.`; tone = raw.toUpperCase() === 'J' ? 'bad' : raw.toUpperCase() === 'I' ? 'good' : 'info'; v.summary = `Delivered to ${DEST[raw.toUpperCase()] ?? raw}.`; v.tone = tone; break;
      case 'auth': meaning = raw === '1' ? 'The sender was authenticated for the mailbox (auth:1).' : 'The sender was not treated as authenticated (auth:0).'; break;
      case 'ucf': meaning = 'User-level filtering flag (believed to be "user custom filter"; unofficial).'; break;
      case 'jmr': meaning = 'Junk mail rule flag (believed to mean the mailbox junk rule acted; unofficial).'; tone = raw === '1' ? 'warning' : 'info'; break;
      case 'ofr': meaning = `Why the folder was chosen: ${raw} (e.g. SpamFilterAuthJ = the spam filter sent it to Junk; CustomRules = an inbox rule; ExclusiveSettings = user settings).`; break;
      case 'rf': meaning = `Folder the message was routed to: ${raw}.`; tone = /junk/i.test(raw) ? 'bad' : 'info'; break;
      case 'eng': meaning = 'Internal rule identifiers (not documented).'; break;
      case 'wl': case 'abwl': case 'pcwl': case 'iwl': case 'dwl': case 'rwl': meaning = `Allow-list flag ${k} (a safe-sender style list matched when 1; unofficial).`; break;
      case 'kl': case 'ijl': case 'dkl': meaning = `Block-list flag ${k} (a blocked-sender style list matched when 1; unofficial).`; tone = raw === '1' ? 'bad' : 'info'; break;
      default: meaning = 'Not documented.';
    }
    v.fields.push(vf(k, raw, meaning, 'community-observed', COMMUNITY, tone));
  }
  if (!v.summary) v.summary = 'Mailbox delivery details (no dest: field).';
  v.notes.push('This header is not in Microsoft\'s current documentation; every field here is community-observed. The filter verdict (SFV) and the final folder (dest) can disagree when a user or tenant rule intervenes.');
  return v;
}

function single(ctx: DecodeContext, meaning: string, provenance: 'documented' | 'community-observed', tone: Tone = 'info'): VendorVerdict {
  const v = verdictBase(ctx, 'microsoft');
  v.fields.push(vf(ctx.field.name, ctx.field.value, meaning, provenance, provenance === 'documented' ? DOC : COMMUNITY, tone));
  v.summary = meaning;
  v.tone = tone;
  return v;
}

/** Decoder for all Microsoft headers; returns null for headers it does not own. */
export const decodeMicrosoft: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  const value = ctx.field.value;
  if (k === 'x-forefront-antispam-report' || k === 'x-forefront-antispam-report-untrusted') return forefront(ctx);
  if (k === 'x-microsoft-antispam' || k === 'x-microsoft-antispam-untrusted') return antispam(ctx);
  if (k === 'x-microsoft-antispam-mailbox-delivery') return mailboxDelivery(ctx);
  if (k === 'x-ms-exchange-organization-scl') {
    const d = describeScl(value);
    const v = single(ctx, `SCL ${value}: ${d.meaning}`, 'documented', d.tone);
    v.score = { value: num(value) ?? 0, threshold: 5, thresholdMeaning: 'spam at SCL 5 or more', scale: 'SCL −1…9' };
    return v;
  }
  if (k === 'x-microsoft-antispam-message-info' || k === 'x-microsoft-antispam-message-info-original') return single(ctx, 'Encrypted Microsoft diagnostic data; only Microsoft support can read it.', 'community-observed');
  if (k === 'x-ms-exchange-organization-authas' || k === 'x-ms-exchange-crosstenant-authas') return single(ctx, `How Exchange classified the sender: ${value} (Anonymous = from the Internet, Internal = same organisation, Partner = a partner connector).`, 'community-observed');
  if (k === 'x-ms-exchange-organization-authsource' || k === 'x-ms-exchange-crosstenant-authsource') return single(ctx, `The Exchange server that classified the sender: ${value}.`, 'community-observed');
  if (k === 'x-ms-exchange-organization-messagedirectionality') return single(ctx, `Direction as Exchange saw it: ${value}.`, 'community-observed');
  if (k === 'x-ms-exchange-organization-network-message-id' || k === 'x-ms-exchange-crosstenant-network-message-id') return single(ctx, `Message-trace ID: give this to the tenant admin to find the message in message trace (${value}).`, 'community-observed');
  if (k === 'x-ms-exchange-atpmessageproperties') return single(ctx, `Defender for Office 365 features applied: ${value.split('|').map((x) => (x === 'SA' ? 'Safe Attachments' : x === 'SL' ? 'Safe Links' : x)).join(', ')}.`, 'community-observed');
  if (k === 'x-ms-exchange-transport-endtoendlatency') return single(ctx, `Time Exchange took from receipt to delivery: ${value}.`, 'community-observed');
  if (k === 'x-ms-exchange-enablefirstcontactsafetytip') return single(ctx, 'The first-contact safety tip ("You don\'t often get email from…") is enabled for this recipient.', 'community-observed');
  if (k === 'x-ms-exchange-crosstenant-fromentityheader') return single(ctx, `Where Exchange considers the message came from: ${value}.`, 'community-observed');
  if (k.startsWith('x-ms-exchange-crosstenant-') || k === 'x-ms-exchange-crosstenant-id') return single(ctx, 'Exchange Online tenant bookkeeping.', 'community-observed');
  return null;
};

/** Headers this decoder treats as informational Microsoft plumbing (listed but not interpreted). */
export function isMicrosoftPlumbing(key: string): boolean {
  return /^x-(ms-|microsoft-|eopattributedmessage|eoptenantattributedmessage|originatororg|forefront-|o365-|exchange-)/.test(key);
}

/**
 * Finding rules about the receiver's spam filter: its verdict beside the
 * authentication verdict ("authentication passed, the filter still scored
 * it"), the rules that scored highest, folder overrides, and what a
 * provider simply does not write into headers (Gmail).
 */
import type { Finding, VendorVerdict } from '../../model/analysis';
import {
  type FindingInput,
  type FindingRule,
  finding,
  headerEvidence,
  receiverProvider,
  receiverVerdicts,
  recordedEvidence,
  vendorField,
} from './helpers';

const SPAMMY = new Set(['spam', 'bulk', 'phish', 'malware', 'suspect']);

/** SCL in plain words (Microsoft's published scale). */
function sclWords(n: number): string {
  if (n < 0) return 'filtering skipped';
  if (n <= 1) return 'not spam';
  if (n <= 4) return 'not stamped by filtering (set by a rule)';
  if (n <= 6) return 'spam';
  return 'high-confidence spam';
}

/** BCL in plain words (Microsoft's published bands). */
function bclWords(n: number): string {
  if (n === 0) return 'not bulk';
  if (n <= 3) return 'bulk, few complaints';
  if (n <= 7) return 'bulk, mixed complaints';
  return 'bulk, many complaints';
}

const num = (s: string | undefined): number | null => {
  if (s === undefined) return null;
  const n = Number.parseFloat(s.trim());
  return Number.isFinite(n) ? n : null;
};

/** Short words for Microsoft's CAT values (Microsoft Learn, anti-spam message headers). */
const CAT_WORDS: Record<string, string> = {
  BULK: 'bulk mail', HSPM: 'high-confidence spam', PHSH: 'phishing', HPHSH: 'high-confidence phishing', HPHISH: 'high-confidence phishing',
  SPOOF: 'spoofing', MALW: 'malware', AMP: 'anti-malware', DIMP: 'domain impersonation', UIMP: 'user impersonation', GIMP: 'mailbox-intelligence impersonation',
  BIMP: 'brand impersonation', INTOS: 'intra-organisation phishing', OSPM: 'outbound spam', SAP: 'Safe Attachments', FTBP: 'blocked attachment type',
};
const SFV_WORDS: Record<string, string> = { SPM: 'spam', BLK: "the recipient's blocked senders", SKS: 'marked spam by a rule before filtering', SKB: 'blocked by the anti-spam policy' };

/** Microsoft's verdict in one phrase: "Microsoft SCL 6 (spam), bulk level BCL 8". Null when nothing notable. */
function microsoftPhrase(input: FindingInput): { phrase: string; spammy: boolean; evidence: VendorVerdict[] } | null {
  const scl = vendorField(input, 'microsoft', 'SCL');
  const bcl = vendorField(input, 'microsoft', 'BCL');
  const sfv = vendorField(input, 'microsoft', 'SFV');
  const cat = vendorField(input, 'microsoft', 'CAT');
  const dest = vendorField(input, 'microsoft', 'dest');
  const parts: string[] = [];
  let spammy = false;
  const used = new Set<VendorVerdict>();
  const sclN = num(scl?.field.raw);
  if (sclN !== null) {
    parts.push(`Microsoft SCL ${sclN} (${sclWords(sclN)})`);
    if (sclN >= 5) spammy = true;
    used.add(scl!.verdict);
  }
  const bclN = num(bcl?.field.raw);
  if (bclN !== null && bclN > 0) {
    parts.push(`bulk level BCL ${bclN}${bclN >= 7 ? '' : ` (${bclWords(bclN)})`}`);
    if (bclN >= 7) spammy = true;
    used.add(bcl!.verdict);
  }
  const catV = cat?.field.raw.trim().toUpperCase();
  // SPM restates the SCL; other categories (BULK, PHSH, SPOOF…) add information.
  if (catV && catV !== 'NONE' && catV !== 'SPM') {
    parts.push(`category ${catV}${CAT_WORDS[catV] ? ` (${CAT_WORDS[catV]})` : ''}`);
    spammy = true;
    used.add(cat!.verdict);
  }
  const sfvV = sfv?.field.raw.trim().toUpperCase();
  if (sfvV === 'BLK' || sfvV === 'SKS' || sfvV === 'SKB' || (sfvV === 'SPM' && sclN === null)) {
    parts.push(`filter verdict SFV:${sfvV} (${SFV_WORDS[sfvV]})`);
    spammy = true;
    used.add(sfv!.verdict);
  }
  const destV = dest?.field.raw.trim().toUpperCase();
  if (destV === 'J') {
    parts.push('delivered to Junk (dest:J)');
    spammy = true;
    used.add(dest!.verdict);
  }
  if (parts.length === 0) return null;
  const sentence = parts.length === 1 ? parts[0]! : `${parts[0]}, ${parts.slice(1).join(', ')}`;
  return { phrase: sentence.startsWith('Microsoft') ? sentence : `Microsoft ${sentence}`, spammy, evidence: [...used] };
}

/** Every receiver-side spam verdict in one phrase, Microsoft's fields merged. */
export function scoredPhrase(input: FindingInput): { phrase: string; evidence: VendorVerdict[] } | null {
  const parts: string[] = [];
  const evidence: VendorVerdict[] = [];
  const ms = microsoftPhrase(input);
  if (ms?.spammy) {
    parts.push(ms.phrase);
    evidence.push(...ms.evidence);
  }
  for (const v of receiverVerdicts(input)) {
    if (v.vendor === 'microsoft' || !SPAMMY.has(v.verdict)) continue;
    parts.push(v.summary);
    evidence.push(v);
  }
  return parts.length ? { phrase: parts.join('; '), evidence } : null;
}

/** Did authentication pass as the receiver recorded it? Null when it cannot be told. */
function authPassed(input: FindingInput): { passed: boolean | null; how: string } {
  const a = input.authentication;
  if (a.dmarc?.result === 'pass') return { passed: true, how: `DMARC passed for ${a.dmarc.headerFrom ?? input.alignment.fromDomain ?? 'the From domain'}` };
  if (a.compauth?.result === 'pass') return { passed: true, how: 'Microsoft composite authentication passed' };
  if (input.alignment.aligned === 'both' || input.alignment.aligned === 'spf' || input.alignment.aligned === 'dkim') {
    return { passed: true, how: 'SPF/DKIM passed and aligned with the From domain' };
  }
  if (a.dmarc?.result === 'fail' || a.compauth?.result === 'fail') return { passed: false, how: '' };
  if (a.spf?.result === 'fail' || a.spf?.result === 'softfail') return { passed: false, how: '' };
  return { passed: null, how: '' };
}

function reputationFix(input: FindingInput): string {
  switch (receiverProvider(input)) {
    case 'microsoft':
      return 'Look at sender reputation (IP and domain), complaint rates and list hygiene (BCL is about bulk complaints), and content. The recipient can mark it "Not junk"; admins can check the message trace and submit it to Microsoft for review.';
    case 'google':
      return 'Look at domain and IP reputation in Google Postmaster Tools, complaint rate (keep it under 0.3%), one-click unsubscribe, and content.';
    default:
      return 'Look at sender reputation (IP and domain), complaint rates, list hygiene and content; the rules below show what the filter disliked.';
  }
}

const scoredAfterAuth: FindingRule = {
  id: 'spam-verdict',
  run(input) {
    const scored = scoredPhrase(input);
    if (!scored) return null;
    const auth = authPassed(input);
    const evidence = scored.evidence.map((v) => headerEvidence(v.header, v.raw, v.line));
    const dmarc = input.authentication.dmarc;
    if (auth.passed === true) {
      if (dmarc) evidence.push(recordedEvidence(dmarc));
      return finding({
        id: 'spam-despite-auth',
        severity: 'high',
        title: "Authentication passed; the spam filter still scored it",
        explanation: `Authentication passed (${auth.how}); the receiver's spam filter still scored it: ${scored.phrase} — reputation or content, not authentication.`,
        evidence,
        fix: reputationFix(input),
      });
    }
    return finding({
      id: 'spam-verdict',
      severity: 'high',
      title: "The receiver's spam filter scored it as spam",
      explanation: `The receiver's spam filter scored it: ${scored.phrase}.${auth.passed === false ? ' Authentication also failed (see above), which weighs heavily in that score.' : ''}`,
      evidence,
      fix: auth.passed === false ? 'Fix authentication first; then look at reputation and content.' : reputationFix(input),
    });
  },
};

const folderOverride: FindingRule = {
  id: 'microsoft-folder',
  run(input) {
    const sfv = vendorField(input, 'microsoft', 'SFV');
    const dest = vendorField(input, 'microsoft', 'dest');
    if (!sfv || !dest) return null;
    const s = sfv.field.raw.trim().toUpperCase();
    const d = dest.field.raw.trim().toUpperCase();
    const evidence = [headerEvidence(sfv.verdict.header, sfv.verdict.raw, sfv.verdict.line), headerEvidence(dest.verdict.header, dest.verdict.raw, dest.verdict.line)];
    if (d === 'J' && (s === 'NSPM' || s === 'SKN' || s === 'SFE' || s === 'SKA')) {
      return finding({
        id: 'microsoft-rule-to-junk',
        severity: 'medium',
        title: 'The filter said "not spam", yet it went to Junk',
        explanation: `Microsoft's filter verdict was SFV:${s} (not spam), but the mailbox delivered it to Junk (dest:J): a user or tenant rule intervened (the recipient's blocked senders, junk-mail settings, or a transport rule).`,
        evidence,
        fix: "Check the recipient's Outlook junk-mail settings and blocked senders, and the tenant's mail-flow (transport) rules.",
      });
    }
    if (d === 'I' && (s === 'SPM' || s === 'BLK')) {
      return finding({
        id: 'microsoft-rule-to-inbox',
        severity: 'info',
        title: 'Scored as spam but delivered to the Inbox',
        explanation: `Microsoft's filter said SFV:${s}, yet the mailbox delivered it to the Inbox (dest:I): a user safe-sender entry or a tenant rule overrode the verdict.`,
        evidence,
        fix: null,
      });
    }
    return null;
  },
};

const topRules: FindingRule = {
  id: 'spam-rules',
  run(input) {
    const out: Finding[] = [];
    for (const v of receiverVerdicts(input)) {
      if (v.vendor !== 'spamassassin' && v.vendor !== 'rspamd' && v.vendor !== 'barracuda') continue;
      const hits = v.fields.filter((f) => f.weight !== null && f.weight > 0).sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
      if (hits.length === 0) continue;
      const top = hits.slice(0, 5).map((f) => `${f.key} (+${f.weight})${f.meaning ? `: ${f.meaning}` : ''}`);
      out.push(finding({
        id: 'spam-rules',
        severity: SPAMMY.has(v.verdict) ? 'medium' : 'info',
        title: `Top-scoring ${v.vendorName} rules`,
        explanation: `${v.summary}. The rules that added most: ${top.join('; ')}.`,
        evidence: [headerEvidence(v.header, v.raw, v.line)],
        fix: SPAMMY.has(v.verdict) ? 'Address the top rules first: each names what the filter disliked (content, headers, reputation lists).' : null,
      }));
    }
    return out;
  },
};

const providerSilence: FindingRule = {
  id: 'provider-silence',
  run(input) {
    const p = receiverProvider(input);
    if (p === 'google') {
      return finding({
        id: 'gmail-no-reason',
        severity: 'info',
        title: 'Gmail does not write its spam reason into headers',
        explanation: "Gmail does not write its spam verdict or the reason into the message headers. The reason appears only in Gmail's own interface, in the banner above a message in Spam (\"Why is this message in spam?\"). The headers show authentication and the delivery path, which is what this analysis covers.",
        evidence: input.authentication.receiverAuthservId ? [headerEvidence('Authentication-Results', `authserv-id ${input.authentication.receiverAuthservId}`, countingLine(input))] : [],
        fix: 'Open the message in Gmail and read the banner; for domain-wide trends use Google Postmaster Tools.',
      });
    }
    if (p === 'yahoo') {
      return finding({
        id: 'yahoo-opaque',
        severity: 'info',
        title: "Yahoo's spam verdict is not readable from headers",
        explanation: "Yahoo/AOL do not document their verdict headers (X-YMailISG and similar are opaque). The headers show authentication and the delivery path.",
        evidence: [],
        fix: 'Use Yahoo Sender Hub (complaint feedback loop) for reputation data.',
      });
    }
    return null;
  },
};

function countingLine(input: FindingInput): number | null {
  return input.authentication.groups.find((g) => g.counts)?.lines[0] ?? null;
}

const upstreamVerdicts: FindingRule = {
  id: 'upstream-verdicts',
  run(input) {
    const up = input.vendorVerdicts.filter((v) => v.upstream && SPAMMY.has(v.verdict));
    if (up.length === 0) return null;
    return finding({
      id: 'upstream-verdicts',
      severity: 'info',
      title: 'Spam verdicts stamped upstream',
      explanation: `${up.map((v) => `${v.header}: ${v.summary}`).join('; ')}. These were written before the message reached the receiver (another organisation, the sender's own outbound filter, or a forwarder); they are not the receiver's verdict.`,
      evidence: up.map((v) => headerEvidence(v.header, v.raw, v.line)),
      fix: null,
    });
  },
};

export const verdictRules: FindingRule[] = [scoredAfterAuth, folderOverride, topRules, providerSilence, upstreamVerdicts];

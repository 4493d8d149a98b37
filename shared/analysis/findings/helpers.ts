/**
 * Small pieces the finding rules share: evidence builders, lookups into the
 * report, and the wording of durations and lists. Kept apart so each rule
 * file reads as a list of plain-language rules.
 */
import type {
  AnalysisReport,
  ArGroup,
  DnsEvidence,
  Evidence,
  Finding,
  Hop,
  RecordedResult,
  VendorField,
  VendorVerdict,
} from '../../model/analysis';

/** What a rule sees: the whole report except its own output. */
export type FindingInput = Omit<AnalysisReport, 'findings' | 'elapsedMs'>;

/** A finding rule: returns zero, one or several findings. Rules never throw on missing data; they say "could not check". */
export interface FindingRule {
  /** Rule id (also the default finding id). */
  id: string;
  /** Run the rule. */
  run(input: FindingInput): Finding | Finding[] | null;
}

/** Evidence from a recorded result (an Authentication-Results entry, a Received-SPF field…). */
export function recordedEvidence(r: RecordedResult): Evidence {
  const e: Evidence = { kind: 'header', text: r.text, header: r.source };
  if (r.line !== null) e.line = r.line;
  return e;
}

/** Evidence from a header field as written. */
export function headerEvidence(header: string, text: string, line: number | null | undefined): Evidence {
  const e: Evidence = { kind: 'header', text: clipText(text), header };
  if (line != null) e.line = line;
  return e;
}

/** Evidence from a computed fact (a delay, an alignment comparison). */
export function computedEvidence(text: string): Evidence {
  return { kind: 'computed', text };
}

/** Evidence from a DNS answer, with the time it was asked. */
export function dnsEvidence(d: DnsEvidence): Evidence {
  const answer = d.error ? `no answer (${d.error})` : d.answer.length ? d.answer.join(' | ') : 'empty answer';
  return { kind: 'dns', text: `${d.name} ${d.type}: ${clipText(answer, 400)} (via ${d.resolver})`, askedAt: d.askedAt, name: d.name };
}

/** Evidence for a hop: its raw Received line. */
export function hopEvidence(h: Hop): Evidence {
  return headerEvidence('Received', h.raw, h.line);
}

export function clipText(text: string, max = 600): string {
  const oneLine = text.replace(/\s*\r?\n\s*/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** The Authentication-Results group the receiver acted on, if any. */
export function countingGroup(input: FindingInput): ArGroup | null {
  return input.authentication.groups.find((g) => g.counts) ?? null;
}

/** The boundary hop, if decided. */
export function boundaryHop(input: FindingInput): Hop | null {
  const i = input.hops.boundaryIndex;
  return i === null ? null : (input.hops.hops[i] ?? null);
}

/** Vendor verdicts stamped by the receiver (not `-Untrusted`, not upstream copies). */
export function receiverVerdicts(input: FindingInput): VendorVerdict[] {
  return input.vendorVerdicts.filter((v) => !v.upstream);
}

/** First field with this key (case-insensitive) in the receiver's verdicts of a vendor. */
export function vendorField(input: FindingInput, vendor: string, key: string): { verdict: VendorVerdict; field: VendorField } | null {
  const k = key.toLowerCase();
  for (const v of receiverVerdicts(input)) {
    if (v.vendor !== vendor) continue;
    const field = v.fields.find((f) => f.key.toLowerCase() === k);
    if (field) return { verdict: v, field };
  }
  return null;
}

/** Which big mailbox provider wrote the counting verdicts, judged by authserv-id and its own headers. */
export function receiverProvider(input: FindingInput): 'google' | 'microsoft' | 'yahoo' | 'apple' | 'other' | null {
  const id = (input.authentication.receiverAuthservId ?? '').toLowerCase();
  if (/(^|\.)google\.com$/.test(id)) return 'google';
  if (/(^|\.)(yahoo\.com|aol\.com|yahoo\.net)$/.test(id) || /yahoo\.com$/.test(id)) return 'yahoo';
  if (/(^|\.)(me\.com|icloud\.com|apple\.com)$/.test(id)) return 'apple';
  if (receiverVerdicts(input).some((v) => v.vendor === 'microsoft') || /outlook\.com$|microsoft\.com$/.test(id)) return 'microsoft';
  const by = boundaryHop(input)?.by?.toLowerCase() ?? '';
  if (/\.google\.com$/.test(by)) return 'google';
  if (/outlook\.com$|\.protection\.outlook\.com$/.test(by)) return 'microsoft';
  if (/yahoo(dns)?\.(com|net)$/.test(by)) return 'yahoo';
  if (/\.(me|icloud|apple)\.com$/.test(by)) return 'apple';
  return id || by ? 'other' : null;
}

/** "2 h 3 min", "4 min 10 s", "12 s", "850 ms"; negative values keep their sign. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let rest = Math.abs(ms);
  if (rest === 0) return '0 s';
  if (rest < 1000) return `${sign}${Math.round(rest)} ms`;
  rest = Math.round(rest / 1000);
  const d = Math.floor(rest / 86400);
  const h = Math.floor((rest % 86400) / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m && !d) parts.push(`${m} min`);
  if (s && !d && !h) parts.push(`${s} s`);
  return sign + (parts.length ? parts.join(' ') : '0 s');
}

/** "a, b and c". */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A finding with defaults filled in. */
export function finding(f: Omit<Finding, 'confidence'> & { confidence?: Finding['confidence'] }): Finding {
  return { confidence: 'recorded', ...f };
}

/** Results that mean "this identifier was authenticated". */
export const isPass = (r: string | null | undefined): boolean => r === 'pass';
/** Results that mean "checked and not authenticated". */
export const isFail = (r: string | null | undefined): boolean => r === 'fail' || r === 'softfail' || r === 'permerror' || r === 'hardfail';

/**
 * Turns a live re-verification (verify.ts) into the report's "as of now"
 * section, check by check beside what the receiver recorded, each with the
 * DNS answers it rests on and when they were asked. A difference between the
 * two columns becomes a finding (shared/analysis/findings/live-rules.ts).
 */
import type { AnalysisReport, DnsEvidence, VerificationCheck, VerificationReport } from '../../../shared/model/analysis';
import type { DnsQueryRecord } from './resolver';
import type { Verification } from './verify';

function dnsOf(queries: DnsQueryRecord[], seqs: number[], resolver: string): DnsEvidence[] {
  const wanted = new Set(seqs);
  return queries
    .filter((q) => wanted.has(q.seq))
    .map((q) => ({
      name: q.name,
      type: q.rrtype,
      answer: q.summary,
      error: q.outcome === 'answer' ? null : (q.error?.code ?? q.outcome.toUpperCase()),
      askedAt: q.askedAt,
      resolver,
    }));
}

/**
 * "Differs" only when both sides are real verdicts and disagree. A headers-only
 * re-check cannot see the body, so its pass against a recorded fail is not a
 * contradiction of the body verdict: it is reported, not flagged.
 */
function differs(recorded: string | null, now: string | null): boolean {
  if (!recorded || !now) return false;
  return recorded !== now;
}

/** Build the verification section from a re-verification and the offline report. */
export function toVerificationReport(v: Verification, offline: AnalysisReport, resolverLabel: string): VerificationReport {
  const q = v.dns.queries;
  const checks: VerificationCheck[] = [];
  const notChecked: string[] = [...v.notes.map((n) => `${n.charAt(0).toUpperCase()}${n.slice(1)}.`)];

  for (const d of v.dkim) {
    const sig = offline.authentication.dkim.find((s) => s.fieldIndex === d.fieldIndex) ?? null;
    const recorded = sig?.recorded?.result ?? null;
    const headerOnly = d.basis === 'headers-only';
    const check: VerificationCheck = {
      kind: headerOnly ? 'dkim-header-only' : 'dkim',
      label: `DKIM d=${d.domain ?? '?'} s=${d.selector ?? '?'}${headerOnly ? ' (headers only)' : ''}`,
      asRecorded: recorded,
      asOfNow: d.result,
      detail: d.explanation,
      differs: headerOnly ? recorded === 'pass' && d.result !== 'pass' && d.result !== 'neutral' : differs(recorded, d.result),
      dns: dnsOf(q, d.evidence, resolverLabel),
    };
    if (d.bodyHash?.expected && d.bodyHash.computed) check.bodyHash = { expected: d.bodyHash.expected, computed: d.bodyHash.computed };
    const facts: Record<string, string> = {};
    if (d.key.bits) facts['key bits'] = String(d.key.bits);
    if (d.key.dnsName) facts['key name'] = d.key.dnsName;
    if (d.key.testing) facts['testing'] = 'key has t=y (test mode)';
    if (d.modifiers.length) facts['likely modifier'] = d.modifiers.map((m) => `${m.explanation} (${m.confidence})`).join(' · ');
    if (Object.keys(facts).length) check.facts = facts;
    checks.push(check);
  }

  if (v.spf.status === 'checked' && v.spf.result) {
    const recorded = offline.authentication.spf?.result ?? null;
    checks.push({
      kind: 'spf',
      label: `SPF for ${v.spf.ip ?? '?'} / ${v.spf.domain ?? v.spf.mailFrom ?? v.spf.helo ?? '?'}`,
      asRecorded: recorded,
      asOfNow: v.spf.result,
      detail: v.spf.explanation,
      differs: differs(recorded, v.spf.result),
      dns: dnsOf(q, v.spf.evidence, resolverLabel),
      ...(v.spf.lookups ? { facts: { 'DNS lookups': `${v.spf.lookups.count} of ${v.spf.lookups.limit}`, ...(v.spf.record ? { record: v.spf.record } : {}) } } : {}),
    });
  } else notChecked.push(`SPF: ${v.spf.skipReason ?? v.spf.explanation}`);

  if (v.dmarc.status === 'checked' && v.dmarc.result) {
    const recorded = offline.authentication.dmarc?.result ?? null;
    checks.push({
      kind: 'dmarc',
      label: `DMARC for ${v.dmarc.fromDomain ?? '?'}`,
      asRecorded: recorded,
      asOfNow: v.dmarc.result,
      detail: [v.dmarc.explanation, ...v.dmarc.basisNotes].join(' '),
      // bestguesspass/none are Microsoft's words for "no record": not a disagreement with "none".
      differs: differs(recorded === 'bestguesspass' ? 'none' : recorded, v.dmarc.result),
      dns: dnsOf(q, v.dmarc.evidence, resolverLabel),
    });
  } else notChecked.push(`DMARC: ${v.dmarc.skipReason ?? v.dmarc.explanation}`);

  if (v.arc.status === 'checked' && v.arc.result) {
    const recorded = offline.authentication.arcResult?.result ?? null;
    checks.push({
      kind: 'arc',
      label: `ARC chain (${v.arc.sets} set${v.arc.sets === 1 ? '' : 's'})`,
      asRecorded: recorded,
      asOfNow: v.arc.result,
      detail: v.arc.explanation,
      differs: differs(recorded, v.arc.result),
      dns: dnsOf(q, v.arc.evidence, resolverLabel),
    });
  } else if (v.arc.sets > 0) notChecked.push(`ARC: ${v.arc.skipReason ?? v.arc.explanation}`);

  const dm = v.dmarc;
  return {
    askedAt: v.checkedAt,
    asOf: v.asOf,
    resolver: resolverLabel,
    checks,
    dmarcRecord:
      dm.status === 'checked' && dm.fromDomain
        ? {
            domain: dm.fromDomain,
            orgDomain: dm.orgDomain ?? dm.fromDomain,
            record: dm.record,
            policy: dm.policy,
            adkim: dm.alignment?.dkim.strict ? 's' : 'r',
            aspf: dm.alignment?.spf.strict ? 's' : 'r',
          }
        : null,
    notChecked,
  };
}

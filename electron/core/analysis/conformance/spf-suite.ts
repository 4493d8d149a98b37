/**
 * The RFC 7208 SPF test suite (pyspf's rfc7208-tests.yml) through the
 * project's SPF path: `checkSpf` (mailauth's evaluator behind it) with each
 * scenario's zone served by the in-memory zone source.
 *
 * A test passes when our result is the expected one or one of the listed
 * acceptable ones. `explanation` (the exp= text) is compared too when the test
 * gives one and the result is fail; mailauth only fetches exp= in strict mode,
 * which is how this suite is run (RFC 7208 exactly).
 */
import { createRecordingResolver } from '../resolver';
import { checkSpf } from '../verify-policy';
import { createZoneSource, type Zone, type ZoneEntry } from '../zone-source';
import { emptyReport, type SuiteReport } from './suite-report';
import { loadYamlDocuments } from './yaml';

interface SpfTest {
  helo?: string;
  host?: string;
  mailfrom?: string;
  result?: string | string[];
  explanation?: string;
}

interface SpfScenario {
  description?: string;
  tests?: Record<string, SpfTest>;
  zonedata?: Record<string, unknown[]>;
}

/** Tests this runner does not run, with the reason. Empty today: every test runs. */
const SKIPS: Record<string, string> = {};

/** Tests whose exp= text is compared case-insensitively, with the reason. */
const CASE_INSENSITIVE_EXP: Record<string, string> = {
  'v-macro-ip6':
    'exp= text compared case-insensitively: the suite keeps the upper-case hex of the address as given (CAFE:BABE::1), mailauth writes the nibbles in lower case; RFC 7208 §7.3 does not fix their case and DNS names are case-insensitive',
};

/** Run the suite in `yamlText`. `strict` picks mailauth's RFC-exact mode (the default here). */
export async function runSpfSuite(yamlText: string, options: { strict?: boolean; name?: string } = {}): Promise<SuiteReport> {
  const report = emptyReport(options.name ?? 'SPF (RFC 7208 suite)');
  const scenarios = loadYamlDocuments(yamlText, 'rfc7208-tests.yml') as SpfScenario[];
  for (const scenario of scenarios) {
    if (!scenario || typeof scenario !== 'object') continue;
    const zone = toZone(scenario.zonedata ?? {});
    for (const [id, test] of Object.entries(scenario.tests ?? {})) {
      const fullId = `${scenario.description ?? '?'} / ${id}`;
      if (SKIPS[id]) {
        report.skipped.push({ id: fullId, reason: SKIPS[id] });
        continue;
      }
      report.total += 1;
      const expected = ([] as string[]).concat(test.result ?? []).map((r) => r.toLowerCase());
      const resolver = createRecordingResolver(createZoneSource(zone));
      const check = await checkSpf(
        { ip: String(test.host ?? ''), mailFrom: test.mailfrom ?? null, helo: test.helo ?? null },
        { resolver, mta: 'conformance.test', strict: options.strict ?? true },
      );
      const got = check.result ?? `skipped (${check.skipReason})`;
      const resultOk = expected.includes(got);
      const expOk = !(test.explanation && got === 'fail' && expected.length === 1) || sameExplanation(id, test.explanation, check.publishedExplanation, report);
      if (resultOk && expOk) {
        report.passed += 1;
      } else {
        report.failures.push({
          id: fullId,
          expected: `${expected.join(' or ')}${test.explanation ? ` (exp "${test.explanation}")` : ''}`,
          got: `${got}${check.publishedExplanation ? ` (exp "${check.publishedExplanation}")` : ''}`,
          detail: check.comment ?? check.explanation,
        });
      }
    }
  }
  return report;
}

/** "DEFAULT" in the suite means the receiver's own text: no exp= explanation was used. */
function sameExplanation(id: string, expected: string, got: string | null, report: SuiteReport): boolean {
  if (expected === 'DEFAULT') return !got;
  const adjust = CASE_INSENSITIVE_EXP[id];
  if (adjust && got !== null && got.toLowerCase() === expected.toLowerCase() && got !== expected) {
    report.adjusted.push({ id, reason: adjust });
    return true;
  }
  return got === expected;
}

/** The suite's zonedata (pyspf's format) as a Zone. */
export function toZone(zonedata: Record<string, unknown[]>): Zone {
  const zone: Zone = {};
  for (const [name, rows] of Object.entries(zonedata)) {
    const entries: ZoneEntry[] = [];
    for (const row of rows ?? []) {
      if (row === 'TIMEOUT') {
        entries.push({ type: 'TIMEOUT' });
        continue;
      }
      if (!row || typeof row !== 'object') continue;
      for (const [type, value] of Object.entries(row as Record<string, unknown>)) entries.push(...toEntries(type.toUpperCase(), value));
    }
    zone[name] = [...(zone[name] ?? []), ...entries];
  }
  return zone;
}

function toEntries(type: string, value: unknown): ZoneEntry[] {
  const none = value === 'NONE';
  switch (type) {
    case 'TXT':
    case 'SPF':
      return [{ type, data: none ? null : ([] as unknown[]).concat(value).map(String) }];
    case 'A':
    case 'AAAA':
    case 'PTR':
    case 'CNAME':
    case 'NS':
      return none ? [{ type, data: null }] : ([] as unknown[]).concat(value).map((v) => ({ type, data: String(v) }));
    case 'MX': {
      if (none || !Array.isArray(value)) return [{ type: 'MX', data: null }];
      return [{ type: 'MX', data: { priority: Number(value[0]), exchange: String(value[1]) } }];
    }
    default:
      return [];
  }
}

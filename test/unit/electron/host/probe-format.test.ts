import { describe, expect, it } from 'vitest';
import type { ProbeCheck } from '../../../../shared/model/probe';
import { formatProbeText, orderChecks } from '../../../../electron/host/probe-format';

const check = (id: string, group: ProbeCheck['group'], status: ProbeCheck['status'], title: string, explanation = '', fix: string | null = null): ProbeCheck => ({
  id, group, subject: null, status, title, explanation, fix, evidence: { dns: [] }, durationMs: 1,
});

const run = {
  request: { domain: 'example.org', ip: null, selectors: [], smtp: { enabled: false, host: null, port: null, rcptTest: null }, dns: { servers: [] } },
  checks: [
    check('dmarc.record', 'dmarc', 'fail', 'No DMARC record', 'Without DMARC, receivers decide alone what to do with mail that fails SPF and DKIM, and nobody sends you reports about who sends as you.', 'Publish v=DMARC1; p=none; rua=mailto:… at _dmarc.example.org.'),
    check('spf.record', 'spf', 'pass', 'One SPF record', 'fine'),
    check('mx.records', 'mx', 'warn', 'MX points at a CNAME'),
    check('spf.lookups', 'spf', 'error', 'SPF lookups could not be counted', 'timeout'),
  ],
  dns: [],
  counts: { pass: 1, warn: 1, fail: 1, info: 0, error: 1 },
  state: 'done',
  durationMs: 1234,
  resolver: 'system resolver',
};

describe('mailscope probe text', () => {
  it('orders sections by the report order and keeps the finish order within one', () => {
    expect(orderChecks(run.checks).map((c) => c.id)).toEqual(['mx.records', 'spf.record', 'spf.lookups', 'dmarc.record']);
  });

  it('prints sections, status words, explanations and fixes of what did not pass, wrapped, without colour off a terminal', () => {
    const text = formatProbeText(run, { colour: false, width: 80 });
    expect(text).not.toContain('\u001b[');
    expect(text.split('\n').slice(0, 3)).toEqual(['Mailscope probe — example.org', '1 failed · 1 warning · 1 could not be checked · 1 passed · 0 info  (1.2 s)', 'Resolver: system resolver']);
    expect(text.indexOf('\nMX\n')).toBeLessThan(text.indexOf('\nSPF\n'));
    expect(text).toContain('  ✗ FAIL            No DMARC record');
    expect(text).toContain('  ? could not check SPF lookups could not be counted');
    // A passing check is one line; a failing one explains itself and says what to do, wrapped at the width.
    expect(text).not.toContain('fine');
    expect(text).toContain('Fix: Publish v=DMARC1');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('colours the status on a terminal', () => {
    const text = formatProbeText(run, { colour: true });
    expect(text).toContain('\u001b[31m✗ FAIL');
    expect(text).toContain('\u001b[32m✓ pass');
  });
});

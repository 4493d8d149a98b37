import { describe, expect, it } from 'vitest';
import type { ProbeRun } from '../../../../../shared/model/probe';
import { probeRunToMarkdown } from '../../../../../electron/core/probes/probe-markdown';

const started = Date.parse('2026-11-25T10:00:00Z');
const run: ProbeRun = {
  id: 7,
  domain: 'example.org',
  startedAt: started,
  finishedAt: started + 2300,
  state: 'done',
  counts: { pass: 1, warn: 0, fail: 1, info: 0, error: 1 },
  progress: { done: 3, total: 3 },
  error: null,
  request: { domain: 'example.org', ip: '192.0.2.1', selectors: ['s1'], smtp: { enabled: true, host: null, port: null, rcptTest: null }, dns: { servers: ['127.0.0.1:5353'] } },
  checks: [
    {
      id: 'smtp.mx1.example.org:25.tls', group: 'smtp', subject: 'mx1.example.org:25', status: 'error', title: 'Could not connect', explanation: 'Connection refused.', fix: null, durationMs: 4,
      evidence: { dns: [], transcript: [{ t: 0, kind: 'tcp', text: 'connect 192.0.2.10:25' }, { t: 3.2, kind: 'error', text: 'ECONNREFUSED' }] },
    },
    {
      id: 'spf.lookups', group: 'spf', subject: null, status: 'fail', title: '11 of 10 DNS lookups', explanation: '# not a heading\nToo many | lookups.', fix: 'Flatten an include.', durationMs: 120,
      evidence: {
        dns: [{ seq: 1, name: 'example.org', type: 'TXT', server: '127.0.0.1:5353', askedAt: '2026-11-25T10:00:00.010Z', durationMs: 12.6, outcome: 'answer', answers: ['v=spf1 include:a.example -all'], ttl: 300, cnames: [], note: null, cached: false }],
        facts: [{ label: 'Lookups', value: '11' }],
        spfTree: { term: 'v=spf1', kind: 'record', qualifier: null, domain: 'example.org', resolvesTo: [], countsLookup: false, voidLookup: false, problem: null, matchedIp: null, children: [{ term: 'include:a.example', kind: 'include', qualifier: '+', domain: 'a.example', resolvesTo: [], countsLookup: true, voidLookup: false, problem: 'loops back', matchedIp: null, children: [] }] },
      },
    },
    { id: 'mx.records', group: 'mx', subject: null, status: 'pass', title: '1 MX record', explanation: 'Fine.', fix: null, durationMs: 50, evidence: { dns: [] } },
  ],
  dns: [
    { seq: 1, name: 'example.org', type: 'TXT', server: '127.0.0.1:5353', askedAt: '2026-11-25T10:00:00.010Z', durationMs: 12.6, outcome: 'answer', answers: ['v=spf1 include:a.example -all'], ttl: 300, cnames: [], note: null, cached: false },
    { seq: 2, name: '_dmarc.example.org', type: 'TXT', server: '127.0.0.1:5353', askedAt: '2026-11-25T10:00:00.011Z', durationMs: 3, outcome: 'nxdomain', answers: [], ttl: 60, cnames: [], note: 'no such name', cached: false },
  ],
};

describe('probe run as Markdown', () => {
  const md = probeRunToMarkdown(run);

  it('opens with what was probed, when, and the counts', () => {
    expect(md.startsWith('# Mail health of example.org\n\nProbe #7, started 2026-11-25 10:00 UTC, finished in 2.3 s.')).toBe(true);
    expect(md).toContain('**1 failed, 0 warnings, 1 could not be checked, 1 passed, 0 for information.**');
    expect(md).toContain('- Sending IP: 192.0.2.1');
    expect(md).toContain('- Resolver: 127.0.0.1:5353');
  });

  it('groups checks in report order with status, explanation, fix, facts, SPF tree and transcript', () => {
    expect(md.indexOf('## MX')).toBeLessThan(md.indexOf('## SPF'));
    expect(md.indexOf('## SPF')).toBeLessThan(md.indexOf('## SMTP'));
    expect(md).toContain('### FAIL — 11 of 10 DNS lookups');
    expect(md).toContain('\\# not a heading');
    expect(md).toContain('**Fix:** Flatten an include.');
    expect(md).toContain('| Lookups | 11 |');
    expect(md).toContain('  - `include:a.example` (lookup) — **loops back**');
    expect(md).toContain('### COULD NOT CHECK — Could not connect');
    expect(md).toMatch(/```\n\s+0 ms tcp\s+connect 192\.0\.2\.10:25\n\s+3 ms error\s+ECONNREFUSED\n```/);
  });

  it('ends with the DNS transcript as a table', () => {
    const table = md.slice(md.indexOf('## DNS transcript'));
    expect(table).toContain('| 1 | example.org | TXT | answer | v=spf1 include:a.example -all | 300 | 13 ms | 127.0.0.1:5353 |');
    expect(table).toContain('| 2 | _dmarc.example.org | TXT | nxdomain | (no such name) | 60 | 3 ms | 127.0.0.1:5353 |');
  });
});

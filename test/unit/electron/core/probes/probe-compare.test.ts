import { describe, expect, it } from 'vitest';
import type { ProbeCheck, ProbeDnsQuery, ProbeRun } from '../../../../../shared/model/probe';
import { compareRuns, diffDmarc, diffSpf } from '../../../../../electron/core/probes/probe-compare';

const query = (name: string, type: string, answers: string[], outcome: ProbeDnsQuery['outcome'] = answers.length ? 'answer' : 'nxdomain'): ProbeDnsQuery => ({
  seq: 1, name, type, server: 's', askedAt: '2026-11-24T21:30:00.000Z', durationMs: 5, outcome, answers, ttl: 300, cnames: [], note: null, cached: false,
});
const check = (id: string, group: ProbeCheck['group'], status: ProbeCheck['status'], title: string, dns: ProbeDnsQuery[] = []): ProbeCheck => ({
  id, group, subject: null, status, title, explanation: '', fix: null, evidence: { dns }, durationMs: 1,
});
const run = (id: number, checks: ProbeCheck[], dns: ProbeDnsQuery[], finishedAt = Date.parse('2026-11-24T21:30:05Z')): ProbeRun => ({
  id, domain: 'example.org', startedAt: finishedAt - 5000, finishedAt, state: 'done', counts: { pass: 0, warn: 0, fail: 0, info: 0, error: 0 }, progress: { done: 0, total: 0 }, error: null,
  request: { domain: 'example.org', ip: null, selectors: [], smtp: { enabled: false, host: null, port: null, rcptTest: null }, dns: { servers: [] } },
  checks, dns,
});

describe('comparing a probe run with the previous one', () => {
  it('diffs SPF term by term, telling a changed qualifier from an added term', () => {
    expect(diffSpf('v=spf1 mx ~all', 'v=spf1 mx include:_spf.esp.net -all')).toEqual(['~all → -all', 'include:_spf.esp.net added']);
    expect(diffSpf('v=spf1 ip4:192.0.2.1 mx -all', 'v=spf1 mx -all')).toEqual(['ip4:192.0.2.1 removed']);
    expect(diffSpf('v=spf1 a mx -all', 'v=spf1 mx a -all')).toEqual(['terms reordered']);
    expect(diffSpf('', 'v=spf1 -all')).toEqual(['record published (v=spf1 -all)']);
    expect(diffSpf('v=spf1 -all', '')).toEqual(['record removed (was v=spf1 -all)']);
    expect(diffSpf('v=spf1 -all', 'v=spf1 -all')).toEqual([]);
  });

  it('diffs DMARC tag by tag', () => {
    expect(diffDmarc('v=DMARC1; p=none; rua=mailto:a@example.org', 'v=DMARC1; p=reject; rua=mailto:a@example.org; adkim=s')).toEqual(['p: none → reject', 'adkim=s added']);
    expect(diffDmarc('v=DMARC1; p=none; pct=50', 'v=DMARC1; p=none')).toEqual(['pct=50 removed']);
  });

  it('says what changed in plain words, record changes merged into the check they concern', () => {
    const spfBefore = query('example.org', 'TXT', ['v=spf1 mx ~all', 'google-site-verification=x']);
    const spfAfter = query('example.org', 'TXT', ['google-site-verification=x', 'v=spf1 mx include:_spf.esp.net ~all']);
    const before = run(1, [check('spf.record', 'spf', 'pass', 'SPF record found', [spfBefore]), check('mx.records', 'mx', 'pass', '2 MX'), check('dkim.s1', 'dkim', 'warn', 'DKIM key s1: 1024-bit')], [spfBefore, query('example.org', 'MX', ['10 mx1.example.org', '20 mx2.example.org'])]);
    const after = run(2, [check('spf.record', 'spf', 'pass', 'SPF record found', [spfAfter]), check('mx.records', 'mx', 'fail', 'No MX'), check('dmarc.record', 'dmarc', 'pass', 'DMARC record found')], [spfAfter, query('example.org', 'MX', [])], Date.parse('2026-11-25T09:00:00Z'));
    const c = compareRuns(after, before);
    expect(c.previous?.id).toBe(1);
    expect(c.changes.map((x) => x.detail)).toEqual([
      'MX changed since 2026-11-24 21:30 UTC: 10 mx1.example.org removed; 20 mx2.example.org removed. MX: pass → fail since 2026-11-24 21:30 UTC: No MX (was: 2 MX).',
      'SPF changed since 2026-11-24 21:30 UTC: include:_spf.esp.net added.',
      'No longer reported since 2026-11-24 21:30 UTC: DKIM key s1: 1024-bit (was warn).',
      'New check since 2026-11-24 21:30 UTC: DMARC record found (pass).',
    ]);
    const spf = c.changes.find((x) => x.checkId === 'spf.record');
    expect(spf).toMatchObject({ before: 'pass', after: 'pass' });
  });

  it('claims nothing about a record the run could not read (timeout, SERVFAIL)', () => {
    const ok = query('example.org', 'TXT', ['v=spf1 mx ~all']);
    const failed = query('example.org', 'TXT', [], 'timeout');
    const c = compareRuns(run(2, [check('spf.record', 'spf', 'error', 'SPF could not be checked', [failed])], [failed]), run(1, [check('spf.record', 'spf', 'pass', 'SPF record found', [ok])], [ok]));
    expect(c.changes).toHaveLength(1);
    expect(c.changes[0]!.detail).toBe('SPF: pass → could not check since 2026-11-24 21:30 UTC: SPF could not be checked (was: SPF record found).');
  });

  it('has nothing to say without a previous run', () => {
    expect(compareRuns(run(1, [], []), null)).toEqual({ runId: 1, previous: null, changes: [] });
  });
});

/**
 * The probe runner and service against a real DNS server on loopback (UDP,
 * reached through the run DNS with the request's servers): events stream in
 * order, modules run concurrently over one cached DNS, a module that throws
 * becomes one error check, cancel stops promptly, the history keeps runs and
 * compares two runs across a changed zone.
 *
 * The check modules here are small stand-ins written for the runner (the real
 * families are tested in their own files, and in the full-report test below
 * once they are in probe-check-list.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../shared/api/events';
import type { ProbeCheckDefinition } from '../../../electron/core/probes/check-types';
import { lookupVia } from '../../../electron/core/probes/dns-lookup-function';
import { createHttpFetch } from '../../../electron/core/probes/http-fetch';
import { createProbeService, type ProbeService } from '../../../electron/core/probes/probe-handlers';
import { startLoopbackHttpsServer } from '../../support/probes/loopback-https-server';
import { createTestCa } from '../../support/probes/test-ca';
import { type LoopbackDnsServer, type LoopbackRecord, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';

const spfModule: ProbeCheckDefinition = {
  group: 'spf',
  name: 'SPF',
  applies: () => true,
  async run(ctx, report) {
    const txt = await ctx.dns.lookup(ctx.request.domain, 'TXT');
    const spf = txt.records.flatMap((r) => (r.type === 'TXT' ? [r.chunks.join('')] : [])).filter((t) => t.startsWith('v=spf1'));
    report({ id: 'spf.record', group: 'spf', subject: null, status: spf.length === 1 ? 'pass' : 'fail', title: spf.length === 1 ? 'SPF record found' : `${spf.length} SPF records`, explanation: spf.join(' | '), fix: null, evidence: { dns: ctx.dns.queries.slice() } });
  },
};

const dmarcModule: ProbeCheckDefinition = {
  group: 'dmarc',
  name: 'DMARC',
  applies: () => true,
  async run(ctx, report) {
    const txt = await ctx.dns.lookup(`_dmarc.${ctx.request.domain}`, 'TXT');
    const rec = txt.records.flatMap((r) => (r.type === 'TXT' ? [r.chunks.join('')] : []))[0];
    report({ id: 'dmarc.record', group: 'dmarc', subject: null, status: rec ? (rec.includes('p=none') ? 'warn' : 'pass') : 'fail', title: rec ? 'DMARC record found' : 'No DMARC record', explanation: rec ?? '', fix: null, evidence: { dns: ctx.dns.queries.slice() } });
  },
};

/** MX, then each host's A: a dependent chain of two lookups; the A lookups are shared with the PTR module. */
const mxModule: ProbeCheckDefinition = {
  group: 'mx',
  name: 'MX',
  applies: () => true,
  async run(ctx, report) {
    const mx = await ctx.dns.lookup(ctx.request.domain, 'MX');
    const hosts = mx.records.flatMap((r) => (r.type === 'MX' ? [r.exchange] : []));
    report({ id: 'mx.records', group: 'mx', subject: null, status: hosts.length ? 'pass' : 'fail', title: `${hosts.length} MX`, explanation: hosts.join(', '), fix: null, evidence: { dns: ctx.dns.queries.slice() } });
    await Promise.all(
      hosts.map(async (host) => {
        const a = await ctx.dns.lookup(host, 'A');
        report({ id: `mx.host.${host}`, group: 'mx', subject: host, status: a.records.length ? 'pass' : 'fail', title: `${host} has ${a.records.length} address(es)`, explanation: '', fix: null, evidence: { dns: [a.query] } });
      }),
    );
  },
};

const ptrModule: ProbeCheckDefinition = {
  group: 'ptr',
  name: 'Reverse DNS',
  applies: () => true,
  async run(ctx, report) {
    const mx = await ctx.dns.lookup(ctx.request.domain, 'MX');
    for (const r of mx.records) if (r.type === 'MX') await ctx.dns.lookup(r.exchange, 'A');
    report({ id: 'ptr.mx', group: 'ptr', subject: null, status: 'info', title: 'PTR not looked at (stand-in)', explanation: '', fix: null, evidence: { dns: ctx.dns.queries.slice() } });
  },
};

const brokenModule: ProbeCheckDefinition = {
  group: 'bimi',
  name: 'BIMI',
  applies: () => true,
  async run() {
    throw new TypeError('cannot read properties of undefined');
  },
};

const skippedModule: ProbeCheckDefinition = {
  group: 'smtp',
  name: 'SMTP',
  applies: (request) => request.smtp.enabled,
  async run(_ctx, report) {
    report({ id: 'smtp.ran', group: 'smtp', subject: null, status: 'pass', title: 'ran', explanation: '', fix: null, evidence: { dns: [] } });
  },
};

/** Hangs on a DROPped name (the resolver times out only after seconds): cancel must not wait for it. */
const hangingModule: ProbeCheckDefinition = {
  group: 'dnsbl',
  name: 'Blocklists',
  applies: () => true,
  async run(ctx, report) {
    report({ id: 'dnsbl.first', group: 'dnsbl', subject: null, status: 'pass', title: 'first list clean', explanation: '', fix: null, evidence: { dns: [] } });
    await ctx.dns.lookup('hang.example.org', 'A');
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  },
};

function zone(spf: string, dmarc: string): Record<string, LoopbackRecord[]> {
  return {
    'example.org': [
      { type: 'TXT', value: [spf] },
      { type: 'TXT', value: ['google-site-verification=abc'] },
      { type: 'MX', priority: 10, exchange: 'mx1.example.org' },
      { type: 'MX', priority: 20, exchange: 'mx2.example.org' },
    ],
    '_dmarc.example.org': [{ type: 'TXT', value: [dmarc] }],
    'mx1.example.org': [{ type: 'A', value: '192.0.2.1' }],
    'mx2.example.org': [{ type: 'A', value: '192.0.2.2' }],
    'hang.example.org': [{ type: 'DROP' }],
  };
}

describe('probe runner and history against a loopback DNS server', () => {
  let dir: string;
  let dnsA: LoopbackDnsServer;
  let dnsB: LoopbackDnsServer;
  let service: ProbeService;
  const events: CoreEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mailscope-probe-'));
    [dnsA, dnsB] = await Promise.all([
      startLoopbackDnsServer(zone('v=spf1 mx ~all', 'v=DMARC1; p=none; rua=mailto:d@example.org')),
      startLoopbackDnsServer(zone('v=spf1 mx include:_spf.esp.net -all', 'v=DMARC1; p=quarantine; rua=mailto:d@example.org')),
    ]);
    service = createProbeService({ dataDir: dir, emit: (e) => events.push(e), runner: { checks: [spfModule, dmarcModule, mxModule, ptrModule, brokenModule, skippedModule] } });
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([dnsA?.close(), dnsB?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const finished = (runId: number) =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (events.some((e) => e.type === 'probe.finished' && e.run.id === runId)) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });

  it('streams started, DNS, checks and finished in order, sharing lookups through the run cache', async () => {
    const { runId } = await service.startProbe({ domain: 'Example.ORG.', ip: null, selectors: [], smtp: { enabled: false, host: null, port: null, rcptTest: null }, dns: { servers: [dnsA.server], timeoutMs: 1000, tries: 1 } });
    await finished(runId);
    const mine = events.filter((e) => ('runId' in e ? e.runId : 'run' in e ? e.run.id : -1) === runId);
    expect(mine[0]?.type).toBe('probe.started');
    expect(mine.at(-1)?.type).toBe('probe.finished');
    const checkEvents = mine.filter((e) => e.type === 'probe.check-finished');
    // 1 SPF + 1 DMARC + 3 MX + 1 PTR + 1 error for the throwing module; the SMTP module does not apply.
    const groups = checkEvents.map((e) => (e.type === 'probe.check-finished' ? e.check.group : null));
    expect(groups.filter((g) => g !== 'requirements')).toHaveLength(7);
    // The sender-requirements checklist is derived from the others, after all of them.
    const firstRequirement = groups.indexOf('requirements');
    expect(firstRequirement).toBe(7);
    expect(groups.slice(firstRequirement).every((g) => g === 'requirements')).toBe(true);
    const progress = checkEvents.map((e) => (e.type === 'probe.check-finished' ? e.run.progress : null));
    expect(progress.map((p) => p?.done)).toEqual(checkEvents.map((_e, i) => i + 1));
    for (const p of progress) expect(p!.total).toBeGreaterThanOrEqual(p!.done);
    // Each DNS event arrives before any check that rests on it.
    const spfAt = mine.findIndex((e) => e.type === 'probe.check-finished' && e.check.id === 'spf.record');
    const spfDnsAt = mine.findIndex((e) => e.type === 'probe.dns' && e.query.name === 'example.org' && e.query.type === 'TXT');
    expect(spfDnsAt).toBeGreaterThan(0);
    expect(spfDnsAt).toBeLessThan(spfAt);

    const run = await service.getProbeRun({ id: runId });
    expect(run.state).toBe('done');
    expect(run.domain).toBe('example.org');
    const counts = { pass: 0, warn: 0, fail: 0, info: 0, error: 0 };
    for (const c of run.checks.filter((x) => x.group !== 'requirements')) counts[c.status]++;
    expect(counts).toEqual({ pass: 4, warn: 1, fail: 0, info: 1, error: 1 });
    expect(Object.values(run.counts).reduce((a, b) => a + b, 0)).toBe(run.checks.length);
    const broken = run.checks.find((c) => c.group === 'bimi');
    expect(broken).toMatchObject({ id: 'bimi.bimi.error', status: 'error' });
    expect(broken!.title).toContain('cannot read properties of undefined');
    expect(run.checks.some((c) => c.id === 'smtp.ran')).toBe(false);
    // The MX query was asked by two modules: one real query (the run's transcript, the server), the later asker's evidence marks it cached.
    expect(run.dns.filter((q) => q.name === 'example.org' && q.type === 'MX')).toHaveLength(1);
    expect(dnsA.questions.filter((q) => q.name === 'example.org' && q.type === 'MX')).toHaveLength(1);
    const mxEvidence = run.checks.filter((c) => c.group !== 'requirements').flatMap((c) => c.evidence.dns.filter((q) => q.name === 'example.org' && q.type === 'MX').map((q) => ({ check: c.id, cached: q.cached })));
    expect(mxEvidence.filter((e) => e.cached)).toHaveLength(1);
    expect(mxEvidence.filter((e) => !e.cached).length).toBeGreaterThanOrEqual(1);
    expect(run.dns.map((q) => q.seq)).toEqual(run.dns.map((_q, i) => i + 1));
    const spf = run.checks.find((c) => c.id === 'spf.record')!;
    expect(spf.evidence.dns[0]).toMatchObject({ name: 'example.org', type: 'TXT', outcome: 'answer' });
    expect(spf.evidence.dns[0]!.answers).toContain('v=spf1 mx ~all');
  });

  it('keeps the history and compares with the previous run of the domain in plain words', async () => {
    // Same domain, the zone changed: SPF gained an include and -all, DMARC went to quarantine.
    const { runId } = await service.startProbe({ domain: 'example.org', smtp: { enabled: false }, dns: { servers: [dnsB.server], timeoutMs: 1000, tries: 1 } } as never);
    await finished(runId);
    const list = await service.listProbeRuns({ domain: 'EXAMPLE.org' });
    expect(list.total).toBe(2);
    expect(list.items[0]!.id).toBe(runId);
    expect(list.items.every((i) => i.state === 'done')).toBe(true);

    const comparison = await service.compareProbeRun({ id: runId });
    expect(comparison.previous?.id).toBe(list.items[1]!.id);
    const spf = comparison.changes.find((c) => c.checkId === 'spf.record');
    expect(spf?.detail).toMatch(/^SPF changed since \d{4}-\d\d-\d\d \d\d:\d\d UTC: ~all → -all; include:_spf\.esp\.net added\./);
    const dmarc = comparison.changes.find((c) => c.checkId === 'dmarc.record');
    expect(dmarc).toMatchObject({ before: 'warn', after: 'pass' });
    expect(dmarc?.detail).toContain('DMARC changed since');
    expect(dmarc?.detail).toContain('p: none → quarantine');
    expect(dmarc?.detail).toContain('warn → pass');

    // The first run has nothing before it.
    expect((await service.compareProbeRun({ id: list.items[1]!.id })).previous).toBeNull();

    const md = new TextDecoder().decode((await service.exportProbeRun({ id: runId, format: 'markdown' })).bytes);
    expect(md).toContain('# Mail health of example.org');
    expect(md).toContain('### PASS — SPF record found');
    expect(md).toContain('## DNS transcript');
    expect(md).toMatch(/\| \d+ \| example\.org \| MX \| answer/);
    const json = JSON.parse(new TextDecoder().decode((await service.exportProbeRun({ id: runId, format: 'json' })).bytes));
    expect(json.id).toBe(runId);
    expect(json.checks.length).toBeGreaterThan(0);
  });

  it('survives a restart: the history is read back from probes.db', async () => {
    await service.close();
    service = createProbeService({ dataDir: dir, emit: (e) => events.push(e), runner: { checks: [spfModule] } });
    const list = await service.listProbeRuns({});
    expect(list.total).toBe(2);
    const run = await service.getProbeRun({ id: list.items[0]!.id });
    expect(run.checks.filter((c) => c.group !== 'requirements').length).toBe(7);
    expect(run.dns.length).toBeGreaterThan(3);
  });

  it('cancel stops promptly even when a module waits on a query that never answers', async () => {
    const svc = createProbeService({ dataDir: dir, emit: (e) => events.push(e), runner: { checks: [spfModule, hangingModule] } });
    try {
      const { runId } = await svc.startProbe({ domain: 'example.org', smtp: { enabled: false }, dns: { servers: [dnsA.server], timeoutMs: 5000, tries: 2 } } as never);
      await expect.poll(() => events.some((e) => e.type === 'probe.check-finished' && e.runId === runId && e.check.id === 'dnsbl.first')).toBe(true);
      const t0 = performance.now();
      const summary = await svc.cancelProbe({ runId });
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(summary.state).toBe('cancelled');
      const run = await svc.getProbeRun({ id: runId });
      const cancelled = run.checks.find((c) => c.id === 'dnsbl.blocklists.error');
      expect(cancelled?.status).toBe('error');
      expect(cancelled?.title).toContain('Cancelled before Blocklists finished (1 of its checks had finished)');
      expect(run.checks.find((c) => c.id === 'dnsbl.first')?.status).toBe('pass');
      // Half a report is not compared with a whole one.
      await expect(svc.compareProbeRun({ id: runId })).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await svc.close();
    }
  });

  it("resolves the HTTPS fetch's host name through the run's resolver and records the query", async () => {
    const ca = await createTestCa();
    const https = await startLoopbackHttpsServer({ 'mta-sts.fetch.example': await ca.issue(['mta-sts.fetch.example']) }, { 'mta-sts.fetch.example/.well-known/mta-sts.txt': { body: 'version: STSv1\nmode: testing\nmx: mx1.fetch.example\nmax_age: 86400\n' } });
    const dns = await startLoopbackDnsServer({ 'mta-sts.fetch.example': [{ type: 'A', value: '127.0.0.1' }] });
    const fetchModule: ProbeCheckDefinition = {
      group: 'mta-sts',
      name: 'Fetch',
      applies: () => true,
      async run(ctx, report) {
        const r = await ctx.fetch('https://mta-sts.fetch.example/.well-known/mta-sts.txt');
        report({ id: 'mta-sts.fetch', group: 'mta-sts', subject: null, status: r.status === 200 ? 'pass' : 'fail', title: `HTTP ${r.status ?? r.error}`, explanation: new TextDecoder().decode(r.body), fix: null, evidence: { dns: [] } });
      },
    };
    const svc = createProbeService({
      dataDir: dir,
      emit: (e) => events.push(e),
      runner: {
        checks: [fetchModule],
        // Only the port is mapped: the host name is resolved by the run's DNS (the loopback server), not the system's.
        connectTo: (host, port) => ({ host, port: port === 443 ? https.port : port }),
        createFetch: ({ signal, connectTo, dns: view }) => createHttpFetch({ signal, connectTo, lookup: lookupVia(view), ca: [ca.cert] }),
      },
    });
    try {
      const { runId } = await svc.startProbe({ domain: 'fetch.example', smtp: { enabled: false }, dns: { servers: [dns.server], timeoutMs: 1000, tries: 1 } } as never);
      await finished(runId);
      const run = await svc.getProbeRun({ id: runId });
      expect(run.checks[0]).toMatchObject({ id: 'mta-sts.fetch', status: 'pass' });
      expect(run.checks[0]!.explanation).toContain('mode: testing');
      expect(dns.questions.filter((q) => q.name === 'mta-sts.fetch.example').map((q) => q.type).sort()).toEqual(['A', 'AAAA']);
      expect(run.dns.some((q) => q.name === 'mta-sts.fetch.example' && q.type === 'A' && q.answers[0] === '127.0.0.1')).toBe(true);
    } finally {
      await svc.close();
      await Promise.all([https.close(), dns.close()]);
    }
  });

  it('answers bad requests and unknown ids plainly', async () => {
    await expect(service.startProbe({ domain: 'not a domain' } as never)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(service.getProbeRun({ id: 999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.exportProbeRun({ id: 1, format: 'pdf' as never })).rejects.toMatchObject({ code: 'bad_request' });
  });
});

/**
 * A full probe report — every check family the app runs, the requirements
 * checklist — against a real DNS server on loopback and a loopback SMTP
 * server with STARTTLS (certificate from a test CA the probe is told to
 * trust), through the probe service as the API uses it. It checks the report
 * as a whole: every section present and in order, no module broke, the
 * evidence rests on queries the loopback server really answered, the
 * Markdown export has every section, and a second run with a changed zone is
 * compared in plain words.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../shared/api/events';
import { GROUP_ORDER } from '../../../shared/probe/report-order';
import { dnsChecks } from '../../../electron/core/probes/checks/index-dns';
import { moreChecks } from '../../../electron/core/probes/checks/index-more';
import { createSmtpProbe } from '../../../electron/core/probes/checks/smtp-probe';
import { createProbeService, type ProbeService } from '../../../electron/core/probes/probe-handlers';
import { type LoopbackDnsServer, type LoopbackRecord, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { startScriptedSmtp, type ScriptedSmtpServer } from '../../support/probes/scripted-smtp-server';
import { createTestCa } from '../../support/probes/test-ca';

const DOMAIN = 'full.example';

function dkim(): string[] {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  return record.match(/.{1,255}/g) ?? [record];
}

function zone(spf: string): Record<string, LoopbackRecord[]> {
  return {
    [DOMAIN]: [
      { type: 'MX', priority: 10, exchange: `mx1.${DOMAIN}` },
      { type: 'TXT', value: [spf] },
    ],
    [`mx1.${DOMAIN}`]: [{ type: 'A', value: '192.0.2.25' }],
    '25.2.0.192.in-addr.arpa': [{ type: 'PTR', value: `mx1.${DOMAIN}` }],
    [`_dmarc.${DOMAIN}`]: [{ type: 'TXT', value: [`v=DMARC1; p=reject; rua=mailto:dmarc@${DOMAIN}`] }],
    [`s1._domainkey.${DOMAIN}`]: [{ type: 'TXT', value: dkim() }],
    [`_smtp._tls.${DOMAIN}`]: [{ type: 'TXT', value: [`v=TLSRPTv1; rua=mailto:tls@${DOMAIN}`] }],
    // A blocklist listing the MX address: decoded, never read as "clean".
    '25.2.0.192.zen.spamhaus.org': [{ type: 'A', value: '127.0.0.2' }],
  };
}

describe('full probe report against loopback DNS and SMTP', () => {
  let dir: string;
  let dns: LoopbackDnsServer;
  let smtp: ScriptedSmtpServer;
  let service: ProbeService;
  const events: CoreEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mailscope-probe-full-'));
    const ca = await createTestCa();
    [dns, smtp] = await Promise.all([startLoopbackDnsServer(zone('v=spf1 mx ~all')), startScriptedSmtp({ tls: await ca.issue([`mx1.${DOMAIN}`]), name: `mx1.${DOMAIN}`, before: ['PIPELINING', 'SIZE 10240000', '8BITMIME'], after: ['PIPELINING', 'SIZE 10240000', '8BITMIME', 'AUTH PLAIN LOGIN'] })]);
    service = createProbeService({
      dataDir: dir,
      emit: (e) => events.push(e),
      runner: {
        checks: [...dnsChecks, ...moreChecks, createSmtpProbe({ ca: [ca.cert] })],
        // The MX name keeps its certificate check; only where to connect is loopback.
        connectTo: (host, port) => (host === `mx1.${DOMAIN}` && port === 25 ? { host: '127.0.0.1', port: smtp.port } : { host, port }),
      },
    });
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([dns?.close(), smtp?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (): Promise<number> => {
    const { runId } = await service.startProbe({ domain: DOMAIN, ip: '192.0.2.25', selectors: ['s1'], smtp: { enabled: true, host: null, port: null, rcptTest: null }, dns: { servers: [dns.server], timeoutMs: 2000, tries: 1 } });
    await expect.poll(() => events.some((e) => e.type === 'probe.finished' && e.run.id === runId), { timeout: 30_000 }).toBe(true);
    return runId;
  };

  it('reports every section in order, with evidence the loopback servers really gave', async () => {
    const id = await run();
    const report = await service.getProbeRun({ id });
    expect(report.state).toBe('done');
    const groups = new Set(report.checks.map((c) => c.group));
    for (const g of ['mx', 'spf', 'dkim', 'dmarc', 'mta-sts', 'tls-rpt', 'bimi', 'ptr', 'dnsbl', 'smtp', 'requirements'] as const) expect(groups, g).toContain(g);
    // No module broke (a thrown exception becomes "<group>.<name>.error").
    expect(report.checks.filter((c) => /\.error$/.test(c.id)).map((c) => c.title)).toEqual([]);
    // Evidence: every query a check cites was a real query of the run, and the server saw it.
    const asked = new Set(dns.questions.map((q) => `${q.type} ${q.name}`));
    for (const c of report.checks) for (const q of c.evidence.dns) expect(asked, `${c.id}: ${q.type} ${q.name}`).toContain(`${q.type} ${q.name}`);
    // The listed MX address is reported as listed, decoded.
    expect(report.checks.some((c) => c.group === 'dnsbl' && c.status === 'fail' && c.id.includes('zen.spamhaus.org'))).toBe(true);
    // The SMTP probe talked to the loopback server: STARTTLS, EHLO again, never DATA.
    expect(smtp.commands.some((c) => c === 'STARTTLS')).toBe(true);
    expect(smtp.commands.some((c) => /^DATA/i.test(c))).toBe(false);
    // Each SMTP check carries the transcript as far as it got; a later one shows the TLS handshake.
    expect(report.checks.some((c) => c.group === 'smtp' && c.evidence.transcript?.some((t) => t.kind === 'tls'))).toBe(true);
    // Streaming: one started, one finished, a check event per check.
    const mine = events.filter((e) => ('runId' in e ? e.runId : 'run' in e ? e.run.id : -1) === id);
    expect(mine.filter((e) => e.type === 'probe.started')).toHaveLength(1);
    expect(mine.filter((e) => e.type === 'probe.check-finished')).toHaveLength(report.checks.length);
    expect(mine.at(-1)?.type).toBe('probe.finished');

    const md = new TextDecoder().decode((await service.exportProbeRun({ id, format: 'markdown' })).bytes);
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings.at(-1)).toBe('DNS transcript');
    expect(headings).toContain('Sender requirements (Gmail, Yahoo)');
    expect(headings.length).toBeGreaterThanOrEqual(GROUP_ORDER.length);
  });

  it('cancel at any moment ends the run as cancelled, every unfinished module saying so', async () => {
    dns.delayMs = 150;
    try {
      for (const after of [20, 200, 450]) {
        const { runId } = await service.startProbe({ domain: DOMAIN, ip: '192.0.2.25', selectors: ['s1'], smtp: { enabled: true, host: null, port: null, rcptTest: null }, dns: { servers: [dns.server], timeoutMs: 2000, tries: 1 } });
        await new Promise((r) => setTimeout(r, after));
        const t0 = performance.now();
        const summary = await service.cancelProbe({ runId });
        expect(performance.now() - t0, `cancel after ${after} ms`).toBeLessThan(1000);
        expect(summary.state).toBe('cancelled');
        const run = await service.getProbeRun({ id: runId });
        expect(run.checks.some((c) => c.title.startsWith('Cancelled before'))).toBe(true);
        // Nothing is derived from a half-finished report.
        expect(run.checks.some((c) => c.group === 'requirements')).toBe(false);
      }
      // Strays of the cancelled runs have settled by now (vitest reports any unhandled rejection as an error).
      await new Promise((r) => setTimeout(r, 600));
    } finally {
      dns.delayMs = 0;
    }
  });

  it('a second run after an SPF change says what changed since the first', async () => {
    dns.setRecords(DOMAIN, [
      { type: 'MX', priority: 10, exchange: `mx1.${DOMAIN}` },
      { type: 'TXT', value: ['v=spf1 mx include:_spf.esp.example -all'] },
    ]);
    dns.setRecords('_spf.esp.example', [{ type: 'TXT', value: ['v=spf1 ip4:198.51.100.0/24 -all'] }]);
    const id = await run();
    const comparison = await service.compareProbeRun({ id });
    expect(comparison.previous).not.toBeNull();
    const details = comparison.changes.map((c) => c.detail).join('\n');
    expect(details).toMatch(/SPF changed since \d{4}-\d\d-\d\d \d\d:\d\d UTC: ~all → -all; include:_spf\.esp\.example added/);
  });
});

/**
 * `mailscope probe` as a user runs it: the built CLI (dist/host/cli.js) in a
 * child process, asking a DNS server the test runs on loopback (--dns), the
 * SMTP probe off or pointed at a loopback port (never the network). --json
 * shape, human text, and exit codes: 0 nothing failed, 1 a check failed,
 * 2 bad usage.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackDnsServer, type LoopbackRecord, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { runTool } from '../../support/run-tool';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'dist/host/cli.js');
const probe = (args: string[]) => runTool(process.execPath, [CLI, 'probe', ...args], { timeoutMs: 60_000 });

interface JsonReport {
  domain: string;
  state: string;
  counts: Record<string, number>;
  checks: { id: string; status: string; title: string; explanation: string; evidence: { dns: { name: string; type: string; outcome: string; answers: string[]; ttl: number | null }[] }; fix: string | null; group: string }[];
  dns: { seq: number; name: string; type: string }[];
}

function dkim(): string[] {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  return record.match(/.{1,255}/g) ?? [record];
}

/** good.example: everything in order. broken.example: two SPF records (permerror) and no DMARC. */
function zone(): Record<string, LoopbackRecord[]> {
  return {
    'good.example': [
      { type: 'MX', priority: 10, exchange: 'mx.good.example' },
      { type: 'TXT', value: ['v=spf1 mx -all'] },
    ],
    'mx.good.example': [{ type: 'A', value: '192.0.2.25' }],
    '25.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'mx.good.example' }],
    '_dmarc.good.example': [{ type: 'TXT', value: ['v=DMARC1; p=reject; rua=mailto:dmarc@good.example'] }],
    's1._domainkey.good.example': [{ type: 'TXT', value: dkim() }],
    '_smtp._tls.good.example': [{ type: 'TXT', value: ['v=TLSRPTv1; rua=mailto:tls@good.example'] }],
    'broken.example': [
      { type: 'MX', priority: 10, exchange: 'mx.good.example' },
      { type: 'TXT', value: ['v=spf1 mx -all'] },
      { type: 'TXT', value: ['v=spf1 include:_spf.esp.example ~all'] },
    ],
  };
}

describe('mailscope probe (built CLI) against a loopback DNS server', () => {
  let dns: LoopbackDnsServer;
  beforeAll(async () => {
    dns = await startLoopbackDnsServer(zone());
  });
  afterAll(async () => {
    await dns?.close();
  });

  it('--json: one object with a checks array (id, status, title, explanation, evidence with the DNS queries, fix); exit 0 when nothing failed', async () => {
    const r = await probe(['Good.Example', '--dns', dns.server, '--selector', 's1', '--no-smtp', '--json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    const failed = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.title}`);
    expect(failed).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.domain).toBe('good.example');
    expect(report.state).toBe('done');
    expect(report.checks.length).toBeGreaterThan(5);
    for (const check of report.checks) {
      expect(Object.keys(check).slice(0, 6)).toEqual(['id', 'status', 'title', 'explanation', 'evidence', 'fix']);
      expect(['pass', 'warn', 'fail', 'info', 'error']).toContain(check.status);
      expect(Array.isArray(check.evidence.dns)).toBe(true);
    }
    const spf = report.checks.find((c) => c.group === 'spf' && c.evidence.dns.some((q) => q.name === 'good.example' && q.type === 'TXT'));
    expect(spf?.evidence.dns.find((q) => q.type === 'TXT')).toMatchObject({ outcome: 'answer', answers: ['v=spf1 mx -all'], ttl: 300 });
    // Sections in report order, and the run's DNS transcript numbered in order.
    const order = ['mx', 'spf', 'dkim', 'dmarc', 'mta-sts', 'tls-rpt', 'bimi', 'ptr', 'dnsbl', 'smtp', 'requirements'];
    const groups = report.checks.map((c) => order.indexOf(c.group));
    expect([...groups].sort((a, b) => a - b)).toEqual(groups);
    expect(report.dns.map((q) => q.seq)).toEqual(report.dns.map((_q, i) => i + 1));
    // Every question went to the loopback server; progress went to stderr, not stdout.
    expect(dns.questions.some((q) => q.name === 'good.example' && q.type === 'MX')).toBe(true);
    expect(r.stderr).toContain('mailscope probe: checking good.example');
    expect(r.stderr).toMatch(/\[\s*\d+\/\d+\] /);
  });

  it('text: grouped sections, no colour when not a terminal; exit 1 when a check failed', async () => {
    const r = await probe(['broken.example', '--dns', dns.server, '--no-smtp']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Mailscope probe — broken\.example\n/);
    expect(r.stdout).toContain('\nSPF\n');
    expect(r.stdout).toMatch(/✗ FAIL\s+.*SPF/);
    expect(r.stdout).not.toContain('\u001b[');
    const json = JSON.parse((await probe(['broken.example', '--dns', dns.server, '--no-smtp', '--json'])).stdout) as JsonReport;
    expect(json.checks.some((c) => c.group === 'spf' && c.status === 'fail')).toBe(true);
    expect(json.counts.fail).toBeGreaterThan(0);
  });

  it('the SMTP probe goes where --mx-host says (a closed loopback port: could not connect, nothing else reached)', async () => {
    const r = await probe(['good.example', '--dns', dns.server, '--mx-host', '127.0.0.1:1', '--json']);
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout) as JsonReport & { request: { smtp: { host: string; port: number } } };
    expect(report.request.smtp).toMatchObject({ enabled: true, host: '127.0.0.1', port: 1 });
  });

  it('Ctrl+C cancels: what finished is printed, the rest says "cancelled", exit 130', async () => {
    dns.delayMs = 1000;
    try {
      const child = spawn(process.execPath, [CLI, 'probe', 'good.example', '--dns', dns.server, '--selector', 's1', '--no-smtp'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // Wait until the first answers are in, then interrupt as a terminal would.
      await expect.poll(() => /\[\s*\d+\//.test(stderr), { timeout: 15_000 }).toBe(true);
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(killer);
      expect(code, stderr).toBe(130);
      expect(stderr).toContain('cancelling');
      expect(stdout).toMatch(/^Mailscope probe — good\.example\n/);
      expect(stdout).toContain('cancelled');
      expect(stdout).toContain('Cancelled before');
    } finally {
      dns.delayMs = 0;
    }
  });

  it('exit 2 on bad usage, with the reason on stderr and nothing on stdout', async () => {
    for (const args of [[], ['not a domain'], ['good.example', '--dns', 'resolver.example'], ['good.example', '--bogus']]) {
      const r = await probe(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('mailscope probe:');
    }
  });
});

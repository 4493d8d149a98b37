/**
 * `mailscope analyze` as a user runs it: the built CLI (dist/host/cli.js) in
 * a child process, reading a file or standard input, offline or with live
 * re-checks against a loopback DNS server (never the network). Exit codes: 0
 * analyzed, 2 bad usage, 1 unreadable input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackDnsServer, startLoopbackDnsServer } from '../support/dns/loopback-dns-server';
import { runTool } from '../support/run-tool';
import { rsaKey, sign } from '../unit/electron/core/analysis/dkim-test-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/host/cli.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/analysis');
const analyze = (args: string[], input?: string) => runTool(process.execPath, [CLI, 'analyze', ...args], { timeoutMs: 60_000, ...(input !== undefined ? { input } : {}) });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-analyze-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mailscope analyze, offline', () => {
  it('--json prints one object with the documented top-level keys, findings ranked first', async () => {
    const r = await analyze([path.join(FIXTURES, 'm365-junk-esp.txt'), '--offline', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown> & { findings: { id: string; severity: string; title: string; explanation: string; evidence: unknown[]; fix: string | null }[] };
    expect(Object.keys(report).slice(0, 6)).toEqual(['findings', 'hops', 'authentication', 'alignment', 'vendorVerdicts', 'verification']);
    expect(report.verification).toBeNull();
    const top = report.findings[0]!;
    expect(Object.keys(top)).toEqual(expect.arrayContaining(['severity', 'title', 'explanation', 'evidence', 'fix']));
    expect(top).toMatchObject({ id: 'spam-despite-auth', severity: 'high' });
    expect(top.explanation).toContain('Microsoft SCL 5 (spam)');
  });

  it('reads standard input with "-" and prints the findings before the hops', async () => {
    const r = await analyze(['-', '--offline'], readFileSync(path.join(FIXTURES, 'gmail-dmarc-fail-esp.txt'), 'utf8'));
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^Mailscope analysis — headers only: "Re: \[RFC 7\/7\]/);
    expect(out.indexOf('Findings (most likely causes first)')).toBeLessThan(out.indexOf('Received hops'));
    expect(out).toContain('1. [HIGH] DMARC failed: kernel.org is not aligned');
    // Text is wrapped at 100 columns for terminals and tickets.
    expect(out.replace(/\s+/g, ' ')).toContain('DMARC failed: the From domain kernel.org aligns with neither the SPF domain (gmail.com) nor the DKIM domain (gmail.com).');
    expect(out).toContain('Gmail does not write its spam reason into headers');
    expect(out).toMatch(/▶ +2\. mail-sor-f65\.google\.com \[209\.85\.220\.65\] → mx\.google\.com/);
    expect(out).toContain('Live re-checks');
    expect(out).toContain('Not run (offline).');
  });
});

describe('mailscope analyze, bad usage (exit 2) and unreadable input (exit 1)', () => {
  const file = () => path.join(FIXTURES, 'yahoo.txt');
  it.each([
    [['--dns', 'nope:99999', 'x'], /--dns must be HOST or HOST:PORT/],
    [['--at', 'yesterday', 'x'], /--at must be an ISO 8601 time/],
    [['a.txt', 'b.txt'], /one input at a time/],
    [['--offline', '--dns', '127.0.0.1:53', 'x'], /contradict/],
    [['--colour', 'x'], /Unknown option --colour/],
  ])('%j', async (args, message) => {
    const r = await analyze(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a missing file, a directory and an empty file are exit 1 with a plain message', async () => {
    const empty = path.join(dir, 'empty.eml');
    writeFileSync(empty, '');
    const missing = await analyze([path.join(dir, 'nope.eml'), '--offline']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read ".*nope\.eml": no such file\./);
    expect((await analyze([dir, '--offline'])).stderr).toMatch(/it is a directory/);
    const e = await analyze([empty, '--offline']);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/is empty: nothing to analyze/);
    expect((await analyze([file(), '--offline'])).code).toBe(0);
  });

  it('--help explains the command', async () => {
    const r = await analyze(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mailscope analyze \[FILE\|-\] \[--json\] \[--dns HOST:PORT\] \[--offline\] \[--at ISO-TIME\]/);
  });
});

describe('mailscope analyze --dns against a loopback DNS server', () => {
  const key = rsaKey();
  let dns: LoopbackDnsServer;
  beforeAll(async () => {
    dns = await startLoopbackDnsServer({
      'sel._domainkey.example.com': [{ type: 'TXT', value: key.record.match(/.{1,200}/g) ?? [] }],
      'example.com': [{ type: 'TXT', value: ['v=spf1 ip4:192.0.2.0/24 -all'] }],
      '_dmarc.example.com': [{ type: 'TXT', value: ['v=DMARC1; p=reject'] }],
    });
  });
  afterAll(async () => {
    await dns.close();
  });

  it('re-checks as of now beside what the receiver recorded, with the DNS answers', async () => {
    const signed = await sign({ key });
    const msg = `Authentication-Results: mx.example.net; dkim=pass header.d=example.com header.s=sel; spf=pass smtp.mailfrom=bounces@example.com; dmarc=pass header.from=example.com\r\n${signed}`;
    const file = path.join(dir, 'signed.eml');
    writeFileSync(file, msg);
    const r = await analyze([file, '--json', '--dns', dns.server]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.verification.resolver).toBe(dns.server);
    const dkim = report.verification.checks.find((c: { kind: string }) => c.kind === 'dkim');
    expect(dkim).toMatchObject({ asRecorded: 'pass', asOfNow: 'pass', differs: false });
    expect(dkim.dns[0]).toMatchObject({ name: 'sel._domainkey.example.com', type: 'TXT', resolver: dns.server });
    expect(report.alignment.orgDomainSource).toBe('dmarc-dns');
    expect(dns.questions.map((q) => `${q.type} ${q.name}`)).toEqual(expect.arrayContaining(['TXT sel._domainkey.example.com', 'TXT _dmarc.example.com']));
  });
});

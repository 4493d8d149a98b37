/**
 * `mailscope send --mx` end to end, on loopback only: the built CLI in a
 * child process asks a real DNS server on 127.0.0.1 (--dns, UDP + TCP, zone
 * below) for the recipient domain's MX and the hosts' A/AAAA records, then
 * delivers to the Mailscope capture server (a real core) on --port.
 *
 * The zone makes every MX rule observable: the records are listed out of
 * priority order, the preferred MX has no address (NODATA), the second points
 * to 127.0.0.2 where nothing listens (the capture server binds 127.0.0.1
 * only: connection refused), and only the third reaches the capture server.
 * Null MX and NXDOMAIN domains must stop before any connection; the null-MX
 * domain has an A record to the capture server so a wrong "implicit MX"
 * fallback would show up as a session there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { runTool } from '../../support/run-tool';
import { assertBuilt, CLI } from '../../support/serve-process';
import { openCore } from '../faults/fault-harness';

const send = (args: string[]) => runTool(process.execPath, [CLI, 'send', ...args], { timeoutMs: 60_000 });

let dir: string;
let core: Core;
let smtpPort: number;
let dns: LoopbackDnsServer;

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-send-mx-'));
  ({ core, port: smtpPort } = await openCore(dir));
  dns = await startLoopbackDnsServer({
    // Out of priority order on purpose: the engine must sort.
    'example.test': [
      { type: 'MX', priority: 30, exchange: 'mx3.example.test' },
      { type: 'MX', priority: 10, exchange: 'mx1.example.test' },
      { type: 'MX', priority: 20, exchange: 'mx2.example.test' },
    ],
    'mx1.example.test': [{ type: 'TXT', value: ['exists, but no address'] }],
    'mx2.example.test': [{ type: 'A', value: '127.0.0.2' }],
    'mx3.example.test': [{ type: 'A', value: '127.0.0.1' }],
    // RFC 7505 null MX; the A record is bait for a wrong implicit-MX fallback.
    'nomail.test': [{ type: 'MX', priority: 0, exchange: '.' }, { type: 'A', value: '127.0.0.1' }],
    // No MX at all: RFC 5321 §5.1 implicit MX, the domain's own address.
    'implicit.test': [{ type: 'A', value: '127.0.0.1' }],
    // Every MX down.
    'down.test': [{ type: 'MX', priority: 10, exchange: 'mx.down.test' }],
    'mx.down.test': [{ type: 'A', value: '127.0.0.2' }],
    'broken.test': [{ type: 'SERVFAIL' }],
  });
});

afterAll(async () => {
  await Promise.all([core?.close(), dns?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await core.clearMessages({});
  dns.questions.length = 0;
});

const mxArgs = (to: string, extra: string[] = []) => ['--mx', '--dns', dns.server, '--port', String(smtpPort), '--security', 'none', '--timeout', '5', '--from', 'qa@sender.test', '--to', to, '--subject', `MX to ${to}`, '--text', 'hello', ...extra];

/** The lines of the text transcript, without the time column. */
const textLines = (stdout: string) => stdout.split('\n').map((l) => l.replace(/^\s*\d+(\.\d+)? ms\s+/, ''));

const sessions = async () => (await core.listSessions({})).total;

describe('mailscope send --mx --dns', () => {
  it('tries the MX hosts in priority order and delivers to the first that answers', async () => {
    const before = await sessions();
    const r = await send(mxArgs('rcpt@example.test'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = textLines(r.stdout);
    const at = (re: RegExp) => {
      const i = lines.findIndex((l) => re.test(l));
      expect(i, `no line matching ${re}\n${r.stdout}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    at(new RegExp(`^INFO +Sending \\d+ bytes from <qa@sender\\.test> to <rcpt@example\\.test> via MX of example\\.test \\(plain\\) on port ${smtpPort} \\(not 25\\)$`));
    // The DNS step: which resolver, the MX answer sorted with priorities, each host's address lookup.
    const resolver = at(new RegExp(`^DNS +Resolver 127\\.0\\.0\\.1:${dns.port} `));
    const mx = at(/^DNS +MX example\.test → mx1\.example\.test \(10\), mx2\.example\.test \(20\), mx3\.example\.test \(30\)$/);
    const noAddress = at(/DNS A\/AAAA mx1\.example\.test: no A or AAAA record \(NODATA/);
    const a2 = at(/^DNS +A\/AAAA mx2\.example\.test → 127\.0\.0\.2$/);
    const refused = at(new RegExp(`127\\.0\\.0\\.2:${smtpPort}.*(refused|ECONNREFUSED)`, 'i'));
    const a3 = at(/^DNS +A\/AAAA mx3\.example\.test → 127\.0\.0\.1$/);
    const connected = at(new RegExp(`^TCP +connected to 127\\.0\\.0\\.1:${smtpPort}`));
    const queued = at(/^S: +250 .*(queued|Accepted|OK)/i);
    const result = at(/^INFO +Result: delivered/);
    expect([resolver, mx, noAddress, a2, refused, a3, connected, queued, result]).toEqual([...[resolver, mx, noAddress, a2, refused, a3, connected, queued, result]].sort((x, y) => x - y));
    // Only one SMTP conversation: 127.0.0.2 never answered, 127.0.0.1 once.
    expect(lines.filter((l) => /^TCP +connected/.test(l))).toHaveLength(1);
    // The resolver was really asked, for these names only.
    const asked = dns.questions.map((q) => `${q.type} ${q.name}`);
    expect(asked[0]).toBe('MX example.test');
    expect(new Set(asked)).toEqual(new Set(['MX example.test', 'A mx1.example.test', 'AAAA mx1.example.test', 'A mx2.example.test', 'AAAA mx2.example.test', 'A mx3.example.test', 'AAAA mx3.example.test']));
    // The capture server has the message, once.
    await core.idle();
    const page = await core.listMessages({});
    expect(page.items.map((m) => m.subject)).toEqual(['MX to rcpt@example.test']);
    expect(await sessions()).toBe(before + 1);
  });

  it('--json carries the DNS steps in the transcript', async () => {
    const r = await send(mxArgs('rcpt@example.test', ['--json']));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; timings: { dnsMs: number | null }; transcript: { kind: string; direction: string | null; text: string; explanation?: { title: string } }[] };
    expect(out.status).toBe('delivered');
    expect(out.timings.dnsMs).toEqual(expect.any(Number));
    const dnsSteps = out.transcript.filter((e) => e.kind === 'dns').map((e) => e.text);
    expect(dnsSteps).toEqual([
      expect.stringMatching(new RegExp(`^Resolver 127\\.0\\.0\\.1:${dns.port} \\(UDP`)),
      'MX example.test → mx1.example.test (10), mx2.example.test (20), mx3.example.test (30)',
      'A/AAAA mx2.example.test → 127.0.0.2',
      'A/AAAA mx3.example.test → 127.0.0.1',
    ]);
    const dnsError = out.transcript.find((e) => e.kind === 'error' && e.text.startsWith('DNS A/AAAA mx1.example.test'));
    expect(dnsError?.explanation?.title).toBe('No address for the host');
    expect(out.transcript.find((e) => e.kind === 'server' && e.text.startsWith('250 '))).toBeTruthy();
  });

  it('a domain without MX is delivered to its own address (implicit MX)', async () => {
    const r = await send(mxArgs('rcpt@implicit.test'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MX implicit\.test → none; using the domain's own address \(implicit MX, RFC 5321 §5\.1\)/);
    expect(r.stdout).toMatch(/A\/AAAA implicit\.test → 127\.0\.0\.1/);
    await core.idle();
    expect((await core.listMessages({})).total).toBe(1);
  });

  it('--dns also resolves --server\'s host name', async () => {
    const r = await send(['--server', `mx3.example.test:${smtpPort}`, '--dns', dns.server, '--security', 'none', '--from', 'qa@sender.test', '--to', 'rcpt@example.test', '--subject', 'via --server', '--text', 'hello']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DNS +A\/AAAA mx3\.example\.test → 127\.0\.0\.1\n/);
    expect(dns.questions.map((q) => `${q.type} ${q.name}`).sort()).toEqual(['A mx3.example.test', 'AAAA mx3.example.test']);
  });

  it.each([
    ['null MX', 'rcpt@nomail.test', /Domain accepts no mail \(null MX\)/, /nomail\.test publishes a null MX/],
    ['NXDOMAIN', 'rcpt@nosuch.test', /Recipient domain does not exist/, /DNS MX of nosuch\.test: NXDOMAIN/],
    ['SERVFAIL', 'rcpt@broken.test', /DNS server failure/, /DNS MX of broken\.test: SERVFAIL/],
  ])('%s: exit 1 with an explanation, nothing contacted', async (_name, to, title, line) => {
    const before = await sessions();
    const r = await send(mxArgs(to));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(line);
    expect(r.stderr).toMatch(/^mailscope: failed: /);
    expect(`${r.stdout}\n${r.stderr}`).toMatch(title);
    expect(r.stdout).not.toMatch(/^ *[\d.]+ ms +(TCP|C:)/m);
    const domain = to.split('@')[1];
    expect(dns.questions.map((q) => `${q.type} ${q.name}`)).toEqual(dns.questions.map(() => `MX ${domain}`));
    expect(dns.questions.length).toBeGreaterThan(0);
    expect(await sessions()).toBe(before);

    const json = JSON.parse((await send(mxArgs(to, ['--json']))).stdout) as { status: string; explanation: { title: string; fix: string }; transcript: { kind: string; text: string }[] };
    expect(json.status).toBe('failed');
    expect(json.explanation.title).toMatch(title);
    expect(json.explanation.fix).toBeTruthy();
    expect(json.transcript.some((e) => e.kind === 'dns' && e.text.startsWith('Resolver '))).toBe(true);
    expect(json.transcript.some((e) => e.kind === 'tcp' || e.kind === 'client')).toBe(false);
  });

  it('every MX down: exit 1, the connection failure explained', async () => {
    const r = await send(mxArgs('rcpt@down.test', ['--json']));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { status: string; explanation: { title: string }; recipients: { address: string; accepted: boolean }[] };
    expect(out.status).toBe('failed');
    expect(out.explanation.title).toMatch(/refused/i);
    expect(out.recipients).toEqual([expect.objectContaining({ address: 'rcpt@down.test', accepted: false })]);
  });

  it('bad --dns / --port values are bad usage (exit 2), before any lookup', async () => {
    const base = ['--from', 'a@sender.test', '--to', 'b@example.test', '--subject', 's', '--text', 't'];
    const cases: [string[], RegExp][] = [
      [['--mx', '--dns', 'dns.google', ...base], /--dns: "dns\.google" is not an IP address/],
      [['--mx', '--dns', '127.0.0.1:70000', ...base], /--dns.*port must be a number from 1 to 65535/],
      [['--mx', '--port', '0', ...base], /--port must be a port number from 1 to 65535/],
      [['--mx', '--port', 'smtp', ...base], /--port must be a port number/],
      [['--server', '127.0.0.1:2525', '--port', '25', ...base], /--port is for --mx only/],
    ];
    for (const [args, message] of cases) {
      const r = await send(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(dns.questions).toHaveLength(0);
  });

  it('--help documents --dns and --port', async () => {
    const r = await send(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--dns IP\[:PORT\] +resolver to ask for MX and A\/AAAA/);
    expect(r.stdout).toMatch(/--port N +for testing, with --mx only: connect to the MX hosts on port N instead of 25/);
  });
});

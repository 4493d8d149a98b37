/**
 * The SMTP probe against real servers on loopback: smtp-server with STARTTLS
 * and certificates from a throwaway test CA (valid, expired, wrong host),
 * implicit TLS, AUTH only after STARTTLS vs AUTH in the clear, a recipient
 * test, and raw TCP servers that greet with 421 or never answer. MX names
 * resolve through an in-memory zone and are routed to loopback ports with
 * connectTo, so the certificate is checked against the MX name as in
 * production. Every wait is bounded by the probe's timeoutMs.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { ProbeCheck, ProbeRequest } from '../../../shared/model/probe';
import type { CheckResult, ProbeContext } from '../../../electron/core/probes/check-types';
import { createSmtpProbe } from '../../../electron/core/probes/checks/smtp-probe';
import { createTestCa, type TestCa } from '../../support/probes/test-ca';
import { memoryProbeDns, type MemoryZone } from '../../support/probes/memory-probe-dns';
import { startScriptedSmtp } from '../../support/probes/scripted-smtp-server';

const DOMAIN = 'example.test';
const closers: (() => Promise<void>)[] = [];
let ca: TestCa;
let valid: { key: string; cert: string };
let expired: { key: string; cert: string };
let wrongHost: { key: string; cert: string };
let expiring: { key: string; cert: string };

async function listen(server: net.Server | SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const raw = server instanceof SMTPServer ? (server as unknown as { server: net.Server }).server : server;
  return (raw.address() as net.AddressInfo).port;
}

async function smtp(options: Partial<SMTPServerOptions>): Promise<number> {
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    onAuth: (_auth, _session, cb) => cb(new Error('no')),
    onRcptTo: (address, _session, cb) => {
      if (address.address.startsWith('nobody@')) return cb(Object.assign(new Error('5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in virtual mailbox table'), { responseCode: 550 }));
      cb();
    },
    ...options,
  });
  server.on('error', () => undefined); // a plain-text client on the TLS port must not crash the test process
  const port = await listen(server);
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return port;
}

async function raw(onConnection: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConnection(s);
  });
  const port = await listen(server);
  closers.push(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }));
  return port;
}

function request(smtp: Partial<ProbeRequest['smtp']> = {}): ProbeRequest {
  return { domain: DOMAIN, ip: null, selectors: [], smtp: { enabled: true, host: null, port: null, rcptTest: null, timeoutMs: 3000, ...smtp }, dns: { servers: [] } };
}

/** Runs the probe with MX hosts routed to loopback ports; returns checks by suffix. */
async function probe(zone: MemoryZone, routes: Record<string, number>, req: ProbeRequest, controller = new AbortController()): Promise<{ checks: CheckResult[]; byId: (suffix: string) => CheckResult; ms: number }> {
  const ctx: ProbeContext = {
    request: req,
    dns: memoryProbeDns(zone),
    signal: controller.signal,
    fetch: () => Promise.reject(new Error('no HTTP in this test')),
    connectTo: (host, port) => (routes[`${host}:${port}`] !== undefined ? { host: '127.0.0.1', port: routes[`${host}:${port}`]! } : { host, port }),
  };
  const checks: CheckResult[] = [];
  const t0 = Date.now();
  await createSmtpProbe({ ca: [ca.cert], ehloName: 'probe.example.test' }).run(ctx, (c) => checks.push(c));
  const byId = (suffix: string): CheckResult => {
    const found = checks.find((c) => c.id.endsWith(suffix));
    if (!found) throw new Error(`no check *${suffix} in ${checks.map((c) => c.id).join(', ')}`);
    return found;
  };
  return { checks, byId, ms: Date.now() - t0 };
}

const mxZone = (...hosts: string[]): MemoryZone => ({
  [DOMAIN]: hosts.map((exchange, i) => ({ type: 'MX' as const, priority: 10 * (i + 1), exchange })),
  ...Object.fromEntries(hosts.map((h) => [h, [{ type: 'A' as const, value: '192.0.2.25' }]])),
});

const text = (c: CheckResult | ProbeCheck): string => c.evidence.transcript?.map((e) => `${e.kind} ${e.text}`).join('\n') ?? '';

beforeAll(async () => {
  ca = await createTestCa();
  const day = 86_400_000;
  [valid, expired, wrongHost, expiring] = await Promise.all([
    ca.issue(['mx1.example.test'], { notAfter: new Date(Date.now() + 90 * day) }),
    ca.issue(['mx1.example.test'], { notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - 2 * day) }),
    ca.issue(['other.example.net'], { notAfter: new Date(Date.now() + 90 * day) }),
    ca.issue(['mx1.example.test'], { notAfter: new Date(Date.now() + 5 * day + 3_600_000) }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

describe('SMTP probe', () => {
  it('walks an MX with STARTTLS and a valid certificate: banner, TLS, certificate, capabilities (AUTH only after STARTTLS), transcript explained', async () => {
    const server = await startScriptedSmtp({ tls: valid, before: ['PIPELINING', 'SIZE 10485760', '8BITMIME'], after: ['PIPELINING', 'SIZE 10485760', '8BITMIME', 'SMTPUTF8', 'AUTH PLAIN LOGIN', 'CHUNKING', 'DSN'] });
    closers.push(() => server.close());
    const port = server.port;
    const { checks, byId } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request());
    expect(checks.map((c) => c.id.split('.').pop())).toEqual(['connect', 'tls', 'certificate', 'capabilities']);
    expect(byId('connect')).toMatchObject({ status: 'pass', group: 'smtp', subject: 'mx1.example.test:25' });
    expect(byId('tls').status).toBe('pass');
    expect(byId('tls').title).toMatch(/STARTTLS: TLSv1\.[23]/);
    const cert = byId('certificate');
    expect(cert.status).toBe('pass');
    expect(cert.evidence.facts).toEqual(expect.arrayContaining([{ label: 'Names (SAN)', value: 'mx1.example.test' }, { label: 'Verification', value: 'trusted chain' }]));
    const caps = byId('capabilities');
    expect(caps.status).toBe('pass');
    expect(caps.explanation).toMatch(/AUTH \(PLAIN LOGIN\) is offered only after STARTTLS/);
    const before = caps.evidence.facts?.find((f) => f.label === 'Before TLS')?.value ?? '';
    const after = caps.evidence.facts?.find((f) => f.label === 'After TLS')?.value ?? '';
    expect(before).toContain('STARTTLS');
    expect(before).not.toContain('AUTH');
    expect(after).toContain('AUTH PLAIN LOGIN');
    expect(after).toContain('SIZE 10.0 MB');
    expect(caps.evidence.facts?.find((f) => f.label === 'Timings')?.value).toMatch(/^TCP [\d.]+ ms · banner [\d.]+ ms · EHLO [\d.]+ ms · STARTTLS [\d.]+ ms · TLS handshake [\d.]+ ms · EHLO #2 [\d.]+ ms$/);
    // The transcript: TCP, greeting, EHLO, STARTTLS, TLS facts, EHLO again, QUIT — replies carry explanations.
    const transcript = caps.evidence.transcript ?? [];
    expect(transcript.map((e) => e.kind)).toEqual(expect.arrayContaining(['tcp', 'server', 'client', 'tls']));
    expect(text(caps)).toMatch(/client EHLO probe\.example\.test[\s\S]*client STARTTLS[\s\S]*server 220[\s\S]*tls TLSv1\.[23][\s\S]*name mx1\.example\.test matches[\s\S]*client EHLO/);
    const starttlsReply = transcript.find((e, i) => e.kind === 'server' && transcript[i - 1]?.text === 'STARTTLS');
    expect(starttlsReply?.explanation?.title).toBe('Ready to start TLS');
    expect(transcript.every((e, i) => i === 0 || e.t >= transcript[i - 1]!.t)).toBe(true);
    expect(caps.evidence.dns.map((q) => `${q.type} ${q.name}`)).toEqual(['MX example.test', 'A mx1.example.test']);
    expect(text(caps)).not.toMatch(/DATA/);
    expect(server.commands).toEqual(['EHLO probe.example.test', 'STARTTLS', 'EHLO probe.example.test', 'QUIT']);
  });

  it('flags an expired certificate (fail, even on port 25) and explains it in the transcript', async () => {
    const port = await smtp({ key: expired.key, cert: expired.cert, name: 'mx1.example.test' });
    const { byId } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request());
    const cert = byId('certificate');
    expect(cert.status).toBe('fail');
    expect(cert.title).toMatch(/expired 2 days ago/);
    expect(cert.fix).toMatch(/renew/i);
    const tlsLine = cert.evidence.transcript?.find((e) => e.kind === 'tls' && /EXPIRED/.test(e.text));
    expect(tlsLine?.text).toMatch(/NOT verified \(CERT_HAS_EXPIRED\)/);
    expect(tlsLine?.explanation?.title).toBe('Certificate expired');
    expect(byId('tls').status).toBe('pass');
  });

  it('warns about a certificate that expires within two weeks', async () => {
    const port = await smtp({ key: expiring.key, cert: expiring.cert, name: 'mx1.example.test' });
    const { byId } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request());
    expect(byId('certificate')).toMatchObject({ status: 'warn', title: 'mx1.example.test:25: certificate expires in 5 days' });
  });

  it('flags a certificate for another host: warn on 25 (opportunistic TLS), fail on 587 (clients verify)', async () => {
    const port = await smtp({ key: wrongHost.key, cert: wrongHost.cert, name: 'mx1.example.test' });
    const mx = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request());
    const cert = mx.byId('certificate');
    expect(cert.status).toBe('warn');
    expect(cert.title).toMatch(/does not name mx1\.example\.test/);
    expect(cert.explanation).toMatch(/other\.example\.net/);
    expect(cert.explanation).toMatch(/MTA-STS/);
    const sub = await probe({}, { 'mx1.example.test:587': port }, request({ host: 'mx1.example.test', port: 587 }));
    expect(sub.byId('certificate')).toMatchObject({ status: 'fail', id: 'smtp.mx1.example.test:587.certificate' });
  });

  it('probes implicit TLS on 465: TLS before the banner', async () => {
    const port = await smtp({ secure: true, key: valid.key, cert: valid.cert, name: 'mx1.example.test', authMethods: ['PLAIN'] });
    const { checks, byId } = await probe({}, { 'mx1.example.test:465': port }, request({ host: 'mx1.example.test', port: 465 }));
    expect(checks.map((c) => c.id.split('.').pop())).toEqual(['connect', 'tls', 'certificate', 'capabilities']);
    expect(byId('connect').status).toBe('pass');
    expect(byId('tls').title).toMatch(/^implicit TLS: TLSv1\.[23]/);
    expect(byId('certificate').status).toBe('pass');
    expect(byId('capabilities').explanation).toMatch(/AUTH PLAIN/);
    const kinds = (byId('connect').evidence.transcript ?? []).map((e) => e.kind);
    expect(kinds.indexOf('tls')).toBeLessThan(kinds.indexOf('server'));
  });

  it('warns when AUTH is offered before STARTTLS (smtp-server lists it in plain text and refuses it with 538)', async () => {
    const port = await smtp({ key: valid.key, cert: valid.cert, name: 'mx1.example.test', authMethods: ['PLAIN', 'LOGIN'] });
    const { byId } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request());
    const caps = byId('capabilities');
    expect(caps.status).toBe('warn');
    expect(caps.explanation).toMatch(/offered before TLS/);
    expect(caps.fix).toMatch(/smtpd_tls_auth_only/);
  });

  it('reports a server without STARTTLS (warn on 25)', async () => {
    const port = await smtp({ disabledCommands: ['STARTTLS'], name: 'mx1.example.test' });
    const { byId } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request());
    expect(byId('tls')).toMatchObject({ status: 'warn', title: 'mx1.example.test:25 does not offer STARTTLS' });
    expect(() => byId('certificate')).toThrow();
  });

  it('explains a 421 banner and tests no further', async () => {
    const port = await raw((s) => s.end('421 4.7.0 mx1.example.test Too many connections from your IP, try again later\r\n'));
    const { checks, byId } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request({ rcptTest: 'someone@example.test' }));
    const c = byId('connect');
    expect(c.status).toBe('warn');
    expect(c.title).toMatch(/refused the session at the greeting \(421\)/);
    const banner = c.evidence.transcript?.find((e) => e.kind === 'server');
    expect(banner?.explanation).toMatchObject({ code: 421, enhanced: '4.7.0', category: 'transient', title: 'Too many connections' });
    expect(byId('rcpt').status).toBe('error');
    expect(checks).toHaveLength(2);
  });

  it('times out on a server that accepts TCP and never answers, and says why', async () => {
    const port = await raw(() => undefined);
    const { byId, ms } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request({ timeoutMs: 800 }));
    const c = byId('connect');
    expect(c.status).toBe('fail');
    expect(c.title).toMatch(/No greeting from mx1\.example\.test:25 \(127\.0\.0\.1\): Greeting never received/);
    const err = c.evidence.transcript?.find((e) => e.kind === 'error');
    expect(err?.text).toMatch(/GREETING: ETIMEDOUT — no complete reply within 800 ms/);
    expect(err?.explanation?.category).toBe('connection');
    expect(ms).toBeLessThan(5000);
  });

  it('gets no greeting when a plain-text client meets an implicit-TLS server (the 465 mix-up), and says so', async () => {
    const port = await smtp({ secure: true, key: valid.key, cert: valid.cert });
    // Port 2525 means "plain, STARTTLS if offered" to the probe; the server behind it waits for a TLS ClientHello.
    const { byId } = await probe({}, { 'mx1.example.test:2525': port }, request({ host: 'mx1.example.test', port: 2525, timeoutMs: 800 }));
    expect(byId('connect')).toMatchObject({ status: 'fail' });
    expect(byId('connect').explanation).toMatch(/implicit TLS \(465\)/);
  });

  it('reports a refused connection with the explainer\'s words', async () => {
    const closed = await raw(() => undefined);
    await closers.pop()!(); // nothing listens there any more
    const { byId } = await probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': closed }, request());
    const c = byId('connect');
    expect(c.status).toBe('fail');
    expect(c.title).toMatch(/Could not connect to .*Connection refused/);
  });

  it('tests a recipient on the preferred MX only: accepted, and refused with 550 5.1.1 explained; never DATA', async () => {
    const seen: string[] = [];
    const port = await smtp({ key: valid.key, cert: valid.cert, name: 'mx1.example.test', onData: (_s, _session, cb) => { seen.push('DATA'); cb(); } });
    const routes = { 'mx1.example.test:25': port, 'mx2.example.test:25': port };
    const ok = await probe(mxZone('mx1.example.test', 'mx2.example.test'), routes, request({ rcptTest: 'someone@example.test' }));
    const rc = ok.checks.filter((c) => c.id.endsWith('.rcpt'));
    expect(rc.map((c) => c.id)).toEqual(['smtp.mx1.example.test:25.rcpt']);
    expect(rc[0]!.status).toBe('pass');
    expect(text(rc[0]!)).toMatch(/client MAIL FROM:<>\nserver 250[^\n]*\nclient RCPT TO:<someone@example\.test>\nserver 250/);
    expect(text(rc[0]!)).not.toMatch(/client DATA/);
    expect(ok.checks.filter((c) => c.id.endsWith('.connect')).map((c) => c.subject).sort()).toEqual(['mx1.example.test:25', 'mx2.example.test:25']);
    const no = await probe(mxZone('mx1.example.test'), routes, request({ rcptTest: 'nobody@example.test' }));
    const refused = no.byId('rcpt');
    expect(refused.status).toBe('fail');
    expect(refused.title).toMatch(/refused: User unknown \(550 5\.1\.1\)/);
    expect(refused.fix).toMatch(/typos/);
    expect(seen).toEqual([]);
  });

  it('explains implicit TLS against a plain STARTTLS server (wrong version number)', async () => {
    const port = await smtp({ key: valid.key, cert: valid.cert, name: 'mx1.example.test' });
    const { checks, byId } = await probe({}, { 'mx1.example.test:465': port }, request({ host: 'mx1.example.test', port: 465 }));
    expect(checks).toHaveLength(1);
    const c = byId('connect');
    expect(c.status).toBe('fail');
    expect(c.title).toMatch(/^TLS handshake failed with mx1\.example\.test:465 .*TLS spoken to a plain-text port/);
    expect(c.evidence.transcript?.find((e) => e.kind === 'error')?.text).toMatch(/^TLS: ERR_SSL_WRONG_VERSION_NUMBER/);
  });

  it('stops promptly when cancelled', async () => {
    const port = await raw(() => undefined);
    const controller = new AbortController();
    const t0 = Date.now();
    setTimeout(() => controller.abort(), 200);
    await expect(probe(mxZone('mx1.example.test'), { 'mx1.example.test:25': port }, request({ timeoutMs: 20_000 }), controller)).rejects.toMatchObject({ code: 'ABORT_ERR' });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('says so for a null MX and probes nothing', async () => {
    const { checks } = await probe({ [DOMAIN]: [{ type: 'MX', priority: 0, exchange: '.' }] }, {}, request());
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ id: 'smtp.mx', status: 'info' });
  });

  it('fails a host without an address', async () => {
    const { byId } = await probe({ [DOMAIN]: [{ type: 'MX', priority: 10, exchange: 'mx1.example.test' }] }, {}, request());
    expect(byId('connect')).toMatchObject({ status: 'fail', title: 'mx1.example.test has no address' });
  });
});

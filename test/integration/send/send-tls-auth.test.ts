/**
 * The send engine against real loopback servers: STARTTLS then AUTH with a
 * self-signed certificate (accepted only when asked, and warned), implicit
 * TLS, wrong credentials, a server that stalls after its banner, a
 * certificate for another host, STARTTLS required against a server without
 * it, MX delivery falling back to the next MX, and cancellation. Each case
 * checks the status, the explanation and the transcript lines that prove it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendTarget } from '../../../shared/model/send';
import { runSend, type EngineOptions, type SendPlan } from '../../../electron/core/send/send-engine';
import { tableSendDns } from '../../../electron/core/send/send-dns';
import { DEFAULT_TARGET } from '../../../electron/core/send/target-checks';
import { createTestCa } from '../../support/probes/test-ca';
import { closedPort, selfSigned, startSmtp, startStallingServer, type TestServer } from '../../support/send-servers';

const RAW = Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: engine test\r\n\r\nHello.\r\n');
const dns = tableSendDns({});

function target(partial: Partial<SendTarget>): SendTarget {
  return { ...DEFAULT_TARGET, host: '127.0.0.1', timeouts: { connectMs: 3000, greetingMs: 3000, socketMs: 3000 }, ...partial };
}

function plan(partial: Partial<SendTarget>, secret: string | null = null, to = ['b@example.test']): SendPlan {
  return { target: target(partial), secret, envelope: { from: 'a@example.test', to }, raw: RAW };
}

const send = (p: SendPlan, options: Partial<EngineOptions> = {}) => runSend(p, { dns, ...options });
const lines = (result: Awaited<ReturnType<typeof runSend>>, kind?: string) => result.transcript.filter((e) => !kind || e.kind === kind).map((e) => e.text);

let selfSignedServer: TestServer;
let implicitServer: TestServer;
let plainServer: TestServer;

beforeAll(async () => {
  const identity = await selfSigned(['localhost']);
  selfSignedServer = await startSmtp({ tls: identity, users: { alice: 'correct horse' }, requireTls: true });
  implicitServer = await startSmtp({ tls: identity, secure: true });
  plainServer = await startSmtp({});
});

afterAll(async () => {
  await Promise.all([selfSignedServer, implicitServer, plainServer].map((s) => s?.close()));
});

describe('send engine over TLS and AUTH (loopback)', () => {
  it('STARTTLS + AUTH with a self-signed certificate: delivered when accepted explicitly, with a warning', async () => {
    const result = await send(plan({ port: selfSignedServer.port, host: 'localhost', security: 'starttls-required', allowInvalidCertificate: true, authMethod: 'PLAIN', user: 'alice' }, 'correct horse'));
    expect(result.status).toBe('delivered');
    expect(result.queueId).toBe('TEST123');
    const tls = lines(result, 'tls').join('\n');
    expect(tls).toMatch(/TLSv1\.[23]/);
    expect(tls).toMatch(/self-signed/);
    expect(lines(result, 'info').some((l) => /WARNING: the certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/.test(l))).toBe(true);
    expect(lines(result, 'client')).toContain('AUTH PLAIN ********');
    expect(selfSignedServer.messages.at(-1)?.raw.equals(RAW)).toBe(true);
    expect(result.timings.tlsMs).not.toBeNull();
    expect(result.timings.authMs).not.toBeNull();
    // Every server reply carries an explanation.
    expect(result.transcript.filter((e) => e.kind === 'server').every((e) => e.explanation)).toBe(true);
  });

  it('refuses the self-signed certificate by default: failed, explained, nothing sent over it', async () => {
    const before = selfSignedServer.auths.length;
    const result = await send(plan({ port: selfSignedServer.port, host: 'localhost', security: 'starttls-required', authMethod: 'PLAIN', user: 'alice' }, 'correct horse'));
    expect(result.status).toBe('failed');
    expect(result.explanation.category).toBe('connection');
    expect(result.explanation.title).toMatch(/self-signed/i);
    expect(selfSignedServer.auths.length).toBe(before);
    // The certificate is still described.
    expect(lines(result, 'tls').join('\n')).toMatch(/NOT verified \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    const clientAfterTls = result.transcript.slice(result.transcript.findIndex((e) => e.kind === 'tls')).filter((e) => e.kind === 'client');
    expect(clientAfterTls).toEqual([]);
  });

  it('implicit TLS', async () => {
    const result = await send(plan({ port: implicitServer.port, host: 'localhost', security: 'tls', allowInvalidCertificate: true }));
    expect(result.status).toBe('delivered');
    const tlsIndex = result.transcript.findIndex((e) => e.kind === 'tls');
    const greetingIndex = result.transcript.findIndex((e) => e.kind === 'server' && e.text.startsWith('220'));
    expect(tlsIndex).toBeGreaterThan(-1);
    expect(tlsIndex).toBeLessThan(greetingIndex);
    expect(lines(result, 'client')).not.toContain('STARTTLS');
  });

  it('wrong credentials: rejected with 535 explained', async () => {
    const result = await send(plan({ port: selfSignedServer.port, host: 'localhost', security: 'starttls', allowInvalidCertificate: true, authMethod: 'LOGIN', user: 'alice' }, 'wrong password'));
    expect(result.status).toBe('rejected');
    expect(result.explanation.code).toBe(535);
    expect(result.explanation.fix).toBeTruthy();
    const serverLine = result.transcript.find((e) => e.kind === 'server' && e.text.startsWith('535'));
    expect(serverLine?.explanation?.code).toBe(535);
  });

  it('a server that stalls after the banner: failed by the timeout, explained', async () => {
    const stall = await startStallingServer();
    try {
      const result = await send(plan({ port: stall.port, security: 'none', timeouts: { connectMs: 2000, greetingMs: 2000, socketMs: 400 } }));
      expect(result.status).toBe('failed');
      expect(result.explanation.category).toBe('connection');
      expect(result.explanation.title).toMatch(/answer|respond|time/i);
      expect(lines(result, 'server')[0]).toMatch(/^220 stall\.test/);
      expect(lines(result, 'client')).toEqual(['EHLO ' + (lines(result, 'client')[0] ?? '').slice(5)]);
      expect(result.timings.totalMs).toBeLessThan(3000);
    } finally {
      await stall.close();
    }
  });

  it('a certificate for another host: name mismatch explained (CA trusted, so only the name is wrong)', async () => {
    const ca = await createTestCa();
    const leaf = await ca.issue(['other.example.test']);
    const server = await startSmtp({ tls: leaf });
    try {
      const result = await send(plan({ port: server.port, host: 'localhost', security: 'starttls-required' }), { ca: [ca.cert] });
      expect(result.status).toBe('failed');
      expect(lines(result, 'tls').join('\n')).toMatch(/name localhost does NOT match/);
      expect(result.explanation.title).toMatch(/name|match/i);
      expect(server.messages).toHaveLength(0);
      // With the right name it verifies.
      const good = await send(plan({ port: server.port, host: 'localhost', tlsServername: 'other.example.test', security: 'starttls-required' }), { ca: [ca.cert] });
      expect(good.status).toBe('delivered');
      expect(lines(good, 'tls').join('\n')).toMatch(/verified ✓/);
    } finally {
      await server.close();
    }
  });

  it('STARTTLS required against a server without STARTTLS: failed before any plain-text MAIL', async () => {
    const result = await send(plan({ port: plainServer.port, security: 'starttls-required' }));
    expect(result.status).toBe('failed');
    expect(result.explanation.title).toMatch(/STARTTLS required but not offered/);
    expect(lines(result, 'client').some((l) => l.startsWith('MAIL'))).toBe(false);
    // Opportunistic STARTTLS goes on in plain text.
    const plain = await send(plan({ port: plainServer.port, security: 'starttls' }));
    expect(plain.status).toBe('delivered');
  });

  it('connection refused: failed, explained', async () => {
    const result = await send(plan({ port: await closedPort(), security: 'none' }));
    expect(result.status).toBe('failed');
    expect(result.explanation.title).toMatch(/refused/i);
    expect(result.timings.connectMs).toBeNull();
  });

  it('MX delivery: priority order, DNS lines, next MX after a connection failure, per-recipient results', async () => {
    const mxDns = tableSendDns({
      mx: { 'example.test': [{ exchange: 'mx2.example.test', priority: 20 }, { exchange: 'mx1.example.test', priority: 10 }] },
      // mx1 resolves to a loopback address nothing listens on (the server binds 127.0.0.1 only).
      addresses: { 'mx1.example.test': ['127.0.0.2'], 'mx2.example.test': ['127.0.0.1'] },
    });
    const server = await startSmtp({ refuse: ['nobody@example.test'] });
    try {
      const result = await runSend(
        { target: target({ mode: 'mx', host: '', security: 'starttls' }), secret: null, envelope: { from: 'a@example.test', to: ['b@example.test', 'nobody@example.test'] }, raw: RAW },
        { dns: mxDns, mxPort: server.port },
      );
      const dnsLines = lines(result, 'dns');
      expect(dnsLines[0]).toBe('MX example.test → mx1.example.test (10), mx2.example.test (20)');
      expect(dnsLines).toContain('A/AAAA mx1.example.test → 127.0.0.2');
      expect(lines(result, 'error').some((l) => /127\.0\.0\.2/.test(l))).toBe(true);
      expect(result.recipients).toEqual([
        { address: 'b@example.test', accepted: true, reply: expect.stringMatching(/^250/) },
        { address: 'nobody@example.test', accepted: false, reply: expect.stringMatching(/^550/) },
      ]);
      expect(result.status).toBe('rejected');
      expect(result.explanation.code).toBe(550);
      expect(server.messages).toHaveLength(1);
      expect(result.timings.dnsMs).not.toBeNull();
    } finally {
      await server.close();
    }
  });

  it('cancel stops a send at once', async () => {
    const stall = await startStallingServer();
    try {
      const controller = new AbortController();
      const running = send(plan({ port: stall.port, security: 'none', timeouts: { connectMs: 5000, greetingMs: 5000, socketMs: 30_000 } }), { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      const started = Date.now();
      const result = await running;
      expect(Date.now() - started).toBeLessThan(2000);
      expect(result.status).toBe('failed');
      expect(result.explanation.title).toBe('Cancelled');
    } finally {
      await stall.close();
    }
  });
});

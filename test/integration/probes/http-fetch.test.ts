// The probe's HTTPS GET against a real loopback HTTPS server whose
// certificates come from a test CA the fetcher trusts explicitly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetch } from '../../../electron/core/probes/http-fetch';
import { startLoopbackHttpsServer, type LoopbackHttpsServer } from '../../support/probes/loopback-https-server';
import { createTestCa, type TestCa } from '../../support/probes/test-ca';

let ca: TestCa;
let server: LoopbackHttpsServer;

beforeAll(async () => {
  ca = await createTestCa();
  const day = 86_400_000;
  const now = Date.now();
  server = await startLoopbackHttpsServer({
    'good.example.test': await ca.issue(['good.example.test']),
    'wrong.example.test': await ca.issue(['someone-else.example.test']),
    'cn-only.example.test': await ca.issue(['cn-only.example.test'], { cnOnly: true }),
    'old.example.test': await ca.issue(['old.example.test'], { notBefore: new Date(now - 10 * day), notAfter: new Date(now - day) }),
  }, {
    'good.example.test/file.txt': { body: 'version: STSv1\n', headers: { 'content-type': 'text/plain' } },
    'good.example.test/big': { body: 'x'.repeat(100_000) },
    'good.example.test/moved': { status: 301, headers: { location: 'https://elsewhere.example.test/file.txt' } },
    'good.example.test/slow': { hang: true },
  });
});

afterAll(async () => {
  await server?.close();
});

const routed = () => (host: string, port: number) => (host.endsWith('.example.test') ? { host: '127.0.0.1', port: server.port } : { host, port });

describe('createHttpFetch', () => {
  it('fetches over verified TLS with an extra CA, routed by connectTo, and reports certificate facts', async () => {
    const fetch = createHttpFetch({ connectTo: routed(), ca: [ca.cert] });
    const res = await fetch('https://good.example.test/file.txt');
    expect(res.error).toBeNull();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(new TextDecoder().decode(res.body)).toBe('version: STSv1\n');
    expect(res.tls).toMatchObject({ authorized: true, authorizationError: null });
    expect(res.tls?.subject).toContain('good.example.test');
    expect(Date.parse(res.tls?.validTo ?? '')).toBeGreaterThan(Date.now());
  });

  it('refuses an untrusted certificate before sending the request', async () => {
    const fetch = createHttpFetch({ connectTo: routed() }); // no extra CA: Node's roots only
    const before = server.requests.length;
    const res = await fetch('https://good.example.test/file.txt');
    expect(res.status).toBeNull();
    expect(res.error).toMatch(/^certificate not trusted: /);
    expect(res.tls?.authorized).toBe(false);
    expect(res.body.length).toBe(0);
    expect(server.requests.length).toBe(before);
  });

  it('tells a wrong-name and an expired certificate apart by code', async () => {
    const fetch = createHttpFetch({ connectTo: routed(), ca: [ca.cert] });
    const wrong = await fetch('https://wrong.example.test/file.txt');
    expect(wrong.error).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    const old = await fetch('https://old.example.test/file.txt');
    expect(old.error).toContain('CERT_HAS_EXPIRED');
    // RFC 8461 §3.3: the name must be a subjectAltName; a CN-only certificate is not enough.
    const cnOnly = await fetch('https://cn-only.example.test/file.txt');
    expect(cnOnly.error).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(cnOnly.tls?.subject).toBe('CN=cn-only.example.test');
  });

  it('returns redirects without following them', async () => {
    const fetch = createHttpFetch({ connectTo: routed(), ca: [ca.cert] });
    const res = await fetch('https://good.example.test/moved');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('https://elsewhere.example.test/file.txt');
    expect(server.requests.some((r) => r.startsWith('elsewhere.'))).toBe(false);
  });

  it('cuts the body at maxBytes', async () => {
    const fetch = createHttpFetch({ connectTo: routed(), ca: [ca.cert] });
    const res = await fetch('https://good.example.test/big', { maxBytes: 65_537 });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(65_537);
  });

  it('gives up at the timeout and on abort', async () => {
    const fetch = createHttpFetch({ connectTo: routed(), ca: [ca.cert] });
    const started = Date.now();
    const res = await fetch('https://good.example.test/slow', { timeoutMs: 300 });
    expect(res.error).toMatch(/^timeout/);
    expect(Date.now() - started).toBeLessThan(3000);

    const controller = new AbortController();
    const aborted = createHttpFetch({ connectTo: routed(), ca: [ca.cert], signal: controller.signal })('https://good.example.test/slow', { timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 100);
    expect((await aborted).error).toBe('cancelled');
  });

  it('fetches only https: URLs', async () => {
    const res = await createHttpFetch()('http://good.example.test/file.txt');
    expect(res.error).toMatch(/only https/);
  });
});

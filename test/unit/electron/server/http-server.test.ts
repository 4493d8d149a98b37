import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { routes } from '../../../../shared/api/contract';
import type { ApiMethod, RouteSpec } from '../../../../shared/api/contract';
import { encodeRequest } from '../../../../shared/api/http';
import { createHttpServer } from '../../../../electron/server/http-server';
import type { HttpServerHandle } from '../../../../electron/server/http-server';
import { bearer, rawRequest } from '../../../support/raw-http';
import { createFakeCore, FAKE_BYTES } from './fake-core';
import type { FakeCore } from './fake-core';

const TOKEN = 'test-token-0123456789abcdef';
let fake: FakeCore;
let handle: HttpServerHandle;
let port: number;
let dir: string;
let rendererDir: string;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-server-'));
  rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mailscope</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'package.json'), '{"secret":true}');
  fake = createFakeCore();
  handle = await createHttpServer({ core: fake.core, token: TOKEN, rendererDir, port: 0, wsAuthTimeoutMs: 300, maxUploadBytes: 1024, log: (l) => logs.push(l) });
  port = handle.port;
});

afterAll(async () => {
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A request object with every path param filled and one extra field. */
function sampleRequest(name: ApiMethod, spec: RouteSpec): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const m of spec.path.matchAll(/:([A-Za-z]+)/g)) request[m[1] as string] = 7;
  if (spec.requestBody === 'binary') {
    request.name = 'upload.eml';
    request.body = { bytes: FAKE_BYTES, contentType: 'message/rfc822' };
  } else {
    request.probe = `${name}-field`;
    request.list = [1, 2, 3];
  }
  return request;
}

async function call(name: ApiMethod, request: Record<string, unknown>, headers: Record<string, string> = bearer(TOKEN)) {
  const spec = routes[name] as RouteSpec;
  const encoded = encodeRequest(spec, request);
  return rawRequest(port, { method: spec.method, path: encoded.url, headers, body: encoded.body });
}

describe('route table ↔ handlers', () => {
  it('listens on 127.0.0.1 by default and reports its origin', () => {
    expect(handle.host).toBe('127.0.0.1');
    expect(handle.origin).toBe(`http://127.0.0.1:${port}`);
  });

  for (const name of Object.keys(routes) as ApiMethod[]) {
    it(`dispatches ${name} to core.${name} with the decoded request`, async () => {
      const spec = routes[name] as RouteSpec;
      const request = sampleRequest(name, spec);
      const before = fake.calls.length;
      const res = await call(name, request);
      expect(res.status, res.text).toBe(200);
      expect(fake.calls.length).toBe(before + 1);
      const got = fake.calls.at(-1)!;
      expect(got.name).toBe(name);
      if (spec.requestBody === 'binary') {
        const body = got.request.body as { bytes: Uint8Array; contentType: string; filename?: string };
        expect(Buffer.from(body.bytes).equals(Buffer.from(FAKE_BYTES))).toBe(true);
        expect(body.contentType).toBe('application/octet-stream');
        expect(body.filename).toBe('upload.eml');
        expect(got.request.name).toBe('upload.eml');
      } else {
        expect(got.request).toEqual(request);
      }
      if (spec.responseBody === 'binary') {
        expect(res.headers['content-type']).toBe('message/rfc822');
        expect(res.body.equals(Buffer.from(FAKE_BYTES))).toBe(true);
        expect(res.headers['content-disposition']).toBe(
          `attachment; filename="message _${name}_.eml"; filename*=UTF-8''message%20%22${name}%22.eml`,
        );
      } else {
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.json).toEqual({ method: name });
      }
    });
  }
});

describe('access control', () => {
  it('refuses /api without a token (401, WWW-Authenticate)', async () => {
    const res = await rawRequest(port, { path: '/api/status' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a wrong token, a token of another length and a token in the query', async () => {
    for (const headers of [bearer('test-token-0123456789abcdeX'), bearer('short'), { Authorization: TOKEN }, { Authorization: 'Basic abc' }]) {
      expect((await rawRequest(port, { path: '/api/status', headers })).status).toBe(401);
    }
    expect((await rawRequest(port, { path: `/api/status?token=${TOKEN}` })).status).toBe(401);
  });

  it('checks the token before revealing which API paths exist', async () => {
    expect((await rawRequest(port, { path: '/api/nope' })).status).toBe(401);
    expect((await rawRequest(port, { path: '/api/nope', headers: bearer(TOKEN) })).status).toBe(404);
  });

  it('refuses Host headers that do not name this server (DNS rebinding)', async () => {
    for (const host of [`evil.example:${port}`, 'attacker.com', '127.0.0.1', `127.0.0.1:${port + 1}`, `127.0.0.1.evil.example:${port}`]) {
      const res = await rawRequest(port, { path: '/api/status', headers: { ...bearer(TOKEN), Host: host } });
      expect(res.status, host).toBe(403);
      expect(res.json).toMatchObject({ error: { code: 'forbidden_host' } });
      // Static files too: a rebinding page must not even read the app.
      expect((await rawRequest(port, { path: '/', headers: { Host: host } })).status, host).toBe(403);
    }
  });

  it('accepts the loopback names with the right port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await rawRequest(port, { path: '/api/status', headers: { ...bearer(TOKEN), Host: host } })).status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin, the null origin and a same-host origin on another port', async () => {
    for (const origin of ['http://evil.example', 'null', `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]) {
      const res = await rawRequest(port, { method: 'POST', path: '/api/capture/start', headers: { ...bearer(TOKEN), Origin: origin } });
      expect(res.status, origin).toBe(403);
      expect(res.json).toMatchObject({ error: { code: 'forbidden_origin' } });
    }
  });

  it('accepts our own origin', async () => {
    const res = await rawRequest(port, { method: 'POST', path: '/api/capture/start', headers: { ...bearer(TOKEN), Origin: `http://127.0.0.1:${port}` } });
    expect(res.status).toBe(200);
  });
});

describe('request decoding and errors', () => {
  it('answers malformed JSON bodies with 400 and a plain message', async () => {
    const res = await rawRequest(port, { method: 'POST', path: '/api/messages/delete', headers: bearer(TOKEN), body: '{"ids": [1,' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { message: 'The request body is not valid JSON.', code: 'bad_request' } });
    const arr = await rawRequest(port, { method: 'POST', path: '/api/messages/delete', headers: bearer(TOKEN), body: '[1,2]' });
    expect(arr.status).toBe(400);
    expect(arr.json).toMatchObject({ error: { message: 'The request body must be a JSON object.' } });
    const query = await rawRequest(port, { path: '/api/messages?input=%7Bnope', headers: bearer(TOKEN) });
    expect(query.status).toBe(400);
    expect(query.json).toMatchObject({ error: { message: 'The input query parameter is not valid JSON.' } });
  });

  it('refuses fields given as plain query parameters instead of ignoring them', async () => {
    const res = await rawRequest(port, { path: '/api/messages?limit=2&query=to:qa', headers: bearer(TOKEN) });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: {
        message: 'Unknown query parameters "limit", "query": listMessages takes its fields as one JSON object in the input query parameter, e.g. ?input=%7B%22limit%22%3A10%7D for {"limit":10}.',
        code: 'bad_request',
      },
    });
    const post = await rawRequest(port, { method: 'POST', path: '/api/messages/clear?all=1', headers: bearer(TOKEN) });
    expect(post.status).toBe(400);
    expect(post.json).toMatchObject({ error: { message: expect.stringContaining('"all": clearMessages takes its fields as one JSON object in the JSON request body') } });
    const calls = fake.calls.length;
    expect((await rawRequest(port, { path: `/api/messages?input=${encodeURIComponent('{"limit":2}')}`, headers: bearer(TOKEN) })).status).toBe(200);
    expect(fake.calls.at(-1)).toEqual({ name: 'listMessages', request: { limit: 2 } });
    expect(fake.calls.length).toBe(calls + 1);
  });

  it('treats an empty POST body as an empty request', async () => {
    const res = await rawRequest(port, { method: 'POST', path: '/api/messages/clear', headers: bearer(TOKEN) });
    expect(res.status).toBe(200);
    expect(fake.calls.at(-1)).toEqual({ name: 'clearMessages', request: {} });
  });

  it('answers a wrong method with 405 and Allow, a non-numeric id with 404/405', async () => {
    const res = await rawRequest(port, { method: 'DELETE', path: '/api/status', headers: bearer(TOKEN) });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect((await rawRequest(port, { path: '/api/messages/read', headers: bearer(TOKEN) })).status).toBe(405);
    expect((await rawRequest(port, { path: '/api/messages/abc', headers: bearer(TOKEN) })).status).toBe(404);
    expect((await rawRequest(port, { path: '/api/messages/1e3', headers: bearer(TOKEN) })).status).toBe(404);
    expect((await rawRequest(port, { path: '/api/messages/99999999999999999999', headers: bearer(TOKEN) })).status).toBe(404);
  });

  it('path params win over fields smuggled in the query', async () => {
    const res = await rawRequest(port, { path: `/api/messages/5?input=${encodeURIComponent('{"id":9}')}`, headers: bearer(TOKEN) });
    expect(res.status).toBe(200);
    expect(fake.calls.at(-1)).toEqual({ name: 'getMessage', request: { id: 5 } });
  });

  it('maps core error codes to statuses with their message', async () => {
    const cases: [string, number][] = [['not_found', 404], ['bad_request', 400], ['conflict', 409], ['unavailable', 503]];
    for (const [code, status] of cases) {
      fake.failures.set('getMessage', Object.assign(new Error(`Message 3 does not exist (${code}).`), { name: 'CoreError', code }));
      const res = await rawRequest(port, { path: '/api/messages/3', headers: bearer(TOKEN) });
      expect(res.status).toBe(status);
      expect(res.json).toEqual({ error: { message: `Message 3 does not exist (${code}).`, code } });
    }
    fake.failures.delete('getMessage');
  });

  it('hides unexpected errors behind a generic 500 and logs them without the token', async () => {
    logs.length = 0;
    fake.failures.set('getStatus', Object.assign(new Error('ENOENT: /home/user/secret/path'), { code: 'ENOENT' }));
    const res = await rawRequest(port, { path: '/api/status', headers: bearer(TOKEN) });
    fake.failures.delete('getStatus');
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ error: { code: 'internal' } });
    expect(res.text).not.toContain('secret');
    expect(logs.join('\n')).toContain('ENOENT: /home/user/secret/path');
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('refuses an upload over the cap with 413: declared length and streamed', async () => {
    const declared = await rawRequest(port, { method: 'POST', path: '/api/import/upload?input=%7B%22name%22%3A%22a.eml%22%7D', headers: { ...bearer(TOKEN), 'Content-Length': '5000' } });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ error: { code: 'payload_too_large' } });
    const before = fake.calls.length;
    const streamed = await rawRequest(port, { method: 'POST', path: '/api/import/upload', headers: { ...bearer(TOKEN), 'Transfer-Encoding': 'chunked' }, body: Buffer.alloc(4096, 65) });
    expect(streamed.status).toBe(413);
    expect(streamed.json).toMatchObject({ error: { message: 'The request body is larger than 1 KiB, the most this server accepts.' } });
    expect(fake.calls.length).toBe(before);
  });
});

describe('headers', () => {
  it('sends the CSP and hardening headers on static and API responses', async () => {
    for (const [path, headers] of [['/', {}], ['/api/status', bearer(TOKEN)], ['/api/status', {}]] as const) {
      const res = await rawRequest(port, { path, headers });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);
      expect(csp).toContain('frame-src \'self\' blob: data: about:');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await rawRequest(port, { path: '/api/status', headers: bearer(TOKEN) })).headers['cache-control']).toBe('no-store');
  });
});

describe('static renderer', () => {
  it('serves index.html without a token, and falls back to it for app routes', async () => {
    for (const p of ['/', '/index.html', '/messages/12', '/search']) {
      const res = await rawRequest(port, { path: p });
      expect(res.status, p).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<title>Mailscope</title>');
      expect(res.text).not.toContain(TOKEN);
    }
    const js = await rawRequest(port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await rawRequest(port, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('refuses to leave the renderer folder', async () => {
    for (const p of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/..%5cpackage.json', '/%00', '/%E0%A4%A']) {
      const res = await rawRequest(port, { path: p });
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.text, p).not.toContain('secret');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await rawRequest(port, { method: 'POST', path: '/' })).status).toBe(405);
    const head = await rawRequest(port, { method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});

function openSocket(headers: Record<string, string> = {}, path = '/ws'): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
}

function closed(ws: WebSocket): Promise<{ code: number; messages: unknown[] }> {
  const messages: unknown[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  return new Promise((resolve) => {
    ws.on('close', (code) => resolve({ code, messages }));
    ws.on('error', () => undefined);
  });
}

function refusedStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('WebSocket', () => {
  it('refuses upgrades with a foreign Origin or Host, or on another path', async () => {
    expect(await refusedStatus(openSocket({ Origin: 'http://evil.example' }))).toBe(403);
    expect(await refusedStatus(openSocket({ Host: `evil.example:${port}` }))).toBe(403);
    expect(await refusedStatus(openSocket({}, '/api/ws'))).toBe(404);
  });

  it('closes a socket that does not authenticate in time', async () => {
    const result = await closed(openSocket({ Origin: `http://127.0.0.1:${port}` }));
    expect(result.code).toBe(4408);
    expect(result.messages).toEqual([]);
  });

  it('closes a socket whose first message has a wrong token or is not auth', async () => {
    for (const first of [JSON.stringify({ type: 'auth', token: 'wrong' }), 'not json', JSON.stringify({ type: 'hello' })]) {
      const ws = openSocket();
      ws.on('open', () => ws.send(first));
      const result = await closed(ws);
      expect(result.code, first).toBe(4401);
      expect(result.messages).toEqual([]);
    }
  });

  it('sends ready, then every core event, to an authenticated socket', async () => {
    const ws = openSocket({ Origin: `http://127.0.0.1:${port}` });
    const messages: unknown[] = [];
    const ready = new Promise<void>((resolve) => {
      ws.on('message', (d) => {
        messages.push(JSON.parse(String(d)));
        if (messages.length === 1) resolve();
      });
    });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: TOKEN })));
    await ready;
    expect(messages[0]).toEqual({ type: 'ready' });
    const event = { type: 'messages.deleted' as const, ids: [1, 2], all: false };
    const got = new Promise<void>((resolve) => ws.on('message', () => resolve()));
    fake.emit(event);
    await got;
    expect(messages[1]).toEqual({ type: 'event', event });
    const done = closed(ws);
    ws.close();
    await done;
  });

  it('answers a plain GET on /ws with 426', async () => {
    expect((await rawRequest(port, { path: '/ws' })).status).toBe(426);
  });
});

describe('close', () => {
  it('stops listening, closes sockets and unsubscribes from the core', async () => {
    const f = createFakeCore();
    const h = await createHttpServer({ core: f.core, token: TOKEN, rendererDir, port: 0 });
    expect(f.listenerCount()).toBe(1);
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws`);
    const done = closed(ws);
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'auth', token: TOKEN }));
    await new Promise((r) => ws.once('message', r));
    await h.close();
    expect((await done).code).toBe(1001);
    expect(f.listenerCount()).toBe(0);
    await expect(rawRequest(h.port, { path: '/' })).rejects.toThrow();
  });

  it('explains an HTTP port in use', async () => {
    await expect(createHttpServer({ core: fake.core, token: TOKEN, rendererDir, port })).rejects.toThrow(/already in use/);
  });
});

/**
 * `mailscope serve` as CI runs it (the built dist/host/cli.js in a child
 * process): its one JSON line, the token-guarded API (missing token, wrong
 * Origin, wrong Host refused), clean stops on SIGTERM/SIGINT, a clear exit
 * when the SMTP port is taken, and durability: killed with SIGKILL right
 * after a 250, restarted on the same data dir, the message is still there
 * (and searchable).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostStatus, MessageDetail, MessagePage } from '../support/api-types';
import { bearer, rawRequest } from '../support/raw-http';
import { runCli, startServe } from '../support/serve-process';
import type { ServeProcess } from '../support/serve-process';

let dir: string;
const running: ServeProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-serve-'));
});

afterEach(async () => {
  for (const s of running.splice(0)) await s.stop('SIGKILL').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function serveOn(dataDir: string, extra: string[] = []): Promise<ServeProcess> {
  const s = await startServe(['--data', dataDir, '--smtp-port', '0', '--http-port', '0', ...extra]);
  running.push(s);
  return s;
}

describe('mailscope serve', () => {
  it('prints exactly one JSON line {url, smtpPort, dataDir} with the token in the URL fragment, then nothing more on stdout', async () => {
    const data = path.join(dir, 'ws');
    const s = await serveOn(data);
    expect(Object.keys(s.line).sort()).toEqual(['dataDir', 'smtpPort', 'url']);
    expect(s.line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    expect(s.line.smtpPort).toBeGreaterThan(0);
    expect(s.line.dataDir).toBe(data);
    const status = await s.api<HostStatus>('GET', '/api/status');
    expect(status).toMatchObject({ dataDir: data, capture: { running: true, host: '127.0.0.1', port: s.line.smtpPort }, messageCount: 0 });
    // The renderer is served without the token (the token never appears in it).
    const index = await rawRequest(s.httpPort, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.text).not.toContain(s.token);
    const exit = await s.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(s.stdout().trim().split('\n')).toHaveLength(1);
    expect(s.stderr()).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
  });

  it('refuses API calls without the token, from another Origin, or for another Host (real serve)', async () => {
    const s = await serveOn(path.join(dir, 'ws'));
    const host = `127.0.0.1:${s.httpPort}`;
    expect((await rawRequest(s.httpPort, { path: '/api/status' })).status).toBe(401);
    expect((await rawRequest(s.httpPort, { path: '/api/status', headers: bearer('not-the-token') })).status).toBe(401);
    expect((await rawRequest(s.httpPort, { path: '/api/status', headers: { ...bearer(s.token), Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await rawRequest(s.httpPort, { path: '/api/status', headers: { ...bearer(s.token), Host: `evil.example:${s.httpPort}` } })).status).toBe(403);
    expect((await rawRequest(s.httpPort, { path: '/', headers: { Host: 'rebind.evil.example' } })).status).toBe(403);
    const ok = await rawRequest(s.httpPort, { path: '/api/status', headers: { ...bearer(s.token), Origin: `http://${host}` } });
    expect(ok.status).toBe(200);
    // The WebSocket: a wrong token is closed with 4401; the right one gets "ready".
    const wsClose = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${host}/ws`);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: 'nope' })));
      ws.on('close', (code) => resolve(code));
    });
    expect(wsClose).toBe(4401);
    const firstMessage = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`ws://${host}/ws`);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: s.token })));
      ws.on('message', (data) => {
        resolve(String(data));
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(JSON.parse(firstMessage)).toEqual({ type: 'ready' });
  });

  it('keeps a message acknowledged with 250 when killed with SIGKILL right after, and shows it after restart', async () => {
    const data = path.join(dir, 'ws');
    const first = await serveOn(data);
    const raw = Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: survives SIGKILL\r\nMessage-ID: <kill@example.test>\r\n\r\nPlease do not lose me.\r\n');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: first.line.smtpPort, ignoreTLS: true });
    const info = await transport.sendMail({ envelope: { from: 'a@example.test', to: ['b@example.test'] }, raw });
    // The very moment the client has its 250: no grace period, no clean shutdown.
    first.child.kill('SIGKILL');
    transport.close();
    expect(info.response).toMatch(/^250 /);
    expect(await first.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    const second = await serveOn(data);
    const page = await second.api<MessagePage>('GET', '/api/messages');
    expect(page.items.map((m) => m.subject)).toEqual(['survives SIGKILL']);
    const stored = await second.bytes(`/api/messages/${page.items[0]!.id}/raw`);
    expect(stored.equals(raw)).toBe(true);
    const detail = await second.api<MessageDetail>('GET', `/api/messages/${page.items[0]!.id}`);
    expect(detail.envelope).toMatchObject({ mailFrom: 'a@example.test', rcptTo: [{ address: 'b@example.test' }] });
    // Its full-text row waits for a batch after the 250 (full-text-batcher.ts); one the
    // killed process never wrote is derived again from the bytes by the restart.
    const until = Date.now() + 15_000;
    while ((await second.api<HostStatus>('GET', '/api/status')).indexPending > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const found = await second.api<MessagePage>('GET', `/api/messages?input=${encodeURIComponent(JSON.stringify({ query: 'lose' }))}`);
    expect(found.items.map((m) => m.subject)).toEqual(['survives SIGKILL']);
  });

  it('stops cleanly on SIGINT too (exit 0), with SMTP closed afterwards', async () => {
    const s = await serveOn(path.join(dir, 'ws'));
    const port = s.line.smtpPort;
    expect(await s.stop('SIGINT')).toEqual({ code: 0, signal: null });
    const refused = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      // If the port can be bound again, the capture server released it.
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    expect(refused).toBe(true);
  });

  it('exits 1 with a plain message when the SMTP port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve', '--data', path.join(dir, 'ws'), '--smtp-port', String(busy), '--http-port', '0']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`Port ${busy} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('tells open windows when `mailscope import` writes into the data folder of the running host', async () => {
    const data = path.join(dir, 'ws');
    const s = await serveOn(data);
    const events: { type: string }[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${s.httpPort}/ws`);
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: s.token })));
      ws.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { type: string; event?: { type: string } };
        if (message.type === 'ready') resolve();
        if (message.event) events.push(message.event);
      });
      ws.on('error', reject);
    });
    try {
      // Its own captures are announced as such, never as a change made elsewhere.
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: s.line.smtpPort, ignoreTLS: true });
      await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'captured here', text: 'hi' });
      const eml = path.join(dir, 'fixture.eml');
      writeFileSync(eml, 'From: fixtures@example.test\r\nTo: qa@example.test\r\nSubject: imported by another process\r\n\r\nseeded\r\n');
      const until = Date.now() + 5000;
      while (!events.some((e) => e.type === 'message.captured') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 1500));
      expect(events.map((e) => e.type)).not.toContain('messages.changed-elsewhere');

      const result = await runCli(['import', '--data', data, eml]);
      expect(result.code).toBe(0);
      while (!events.some((e) => e.type === 'messages.changed-elsewhere') && Date.now() < until + 5000) await new Promise((r) => setTimeout(r, 50));
      expect(events.filter((e) => e.type === 'messages.changed-elsewhere')).toHaveLength(1);
      const page = await s.api<MessagePage>('GET', `/api/messages?input=${encodeURIComponent('{"query":"subject:imported"}')}`);
      expect(page.items.map((m) => m.subject)).toEqual(['imported by another process']);
    } finally {
      ws.close();
    }
  });

  it('answers bad usage with exit 2 and a clear message, --help with exit 0', async () => {
    const unknown = await runCli(['serve', '--smtp-prot', '25']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown option --smtp-prot.');
    const badPort = await runCli(['serve', '--smtp-port', 'http']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--smtp-port must be a port number from 0 to 65535');
    const badHost = await runCli(['serve', '--data', path.join(dir, 'ws'), '--smtp-host', 'not a host!', '--http-port', '0']);
    expect(badHost.code).toBe(2);
    expect(badHost.stderr).toContain('Listen address must be an IP address');
    const noCommand = await runCli(['frobnicate']);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain('Unknown command "frobnicate"');
    const missingOut = await runCli(['export', '--data', dir]);
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain('export needs --out DIR');
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('mailscope <command>');
    expect(help.stdout).toContain('serve');
  });
});

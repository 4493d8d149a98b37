/**
 * createCore end to end, in process: a real workspace directory, the real
 * store, parser and capture server, real SMTP clients. Checks every handler's
 * behaviour and its errors (typed: bad_request / not_found), the events, and
 * the settings layering (defaults ← stored ← per-run overrides).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../../shared/api/events';
import { createCore, DB_FILE } from '../../../../electron/core/create-core';
import type { Core } from '../../../../electron/core/core';
import { PASSWORD_MASK } from '../../../../electron/core/settings/capture-settings';
import { RawSmtp } from '../../../support/raw-smtp';

let dir: string;
let core: Core | null;
let events: CoreEvent[];

async function open(options: Partial<Parameters<typeof createCore>[0]> = {}): Promise<Core> {
  core = await createCore({ dataDir: path.join(dir, 'ws'), version: '9.9.9', captureOverrides: { port: 0 }, ...options });
  events = [];
  core.subscribe((e) => events.push(e));
  return core;
}

async function send(port: number, subject: string, text = 'hello'): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  try {
    await transport.sendMail({ from: 'a@example.test', to: ['b@example.test', 'bcc@example.test'], cc: [], subject, text, headers: { To: 'b@example.test' } });
  } finally {
    transport.close();
  }
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-core-'));
  core = null;
});

afterEach(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createCore', () => {
  it('opens the workspace, starts capture (autoStart) and reports status', async () => {
    const c = await open();
    expect(existsSync(path.join(dir, 'ws', DB_FILE))).toBe(true);
    const status = await c.getStatus({});
    expect(status).toMatchObject({ version: '9.9.9', dataDir: path.join(dir, 'ws'), messageCount: 0, unreadCount: 0, maxMessages: 50_000, capture: { running: true, error: null } });
    expect(status.capture.port).toBeGreaterThan(0);
  });

  it('does not start capture when autoStart is off, unless forced', async () => {
    const c = await open({ captureOverrides: { port: 0, autoStart: false } });
    expect((await c.getStatus({})).capture.running).toBe(false);
    await c.close();
    const forced = await open({ captureOverrides: { port: 0, autoStart: false }, forceStartCapture: true });
    expect((await forced.getStatus({})).capture.running).toBe(true);
  });

  it('serves the inbox: list, detail, raw, read state, delete, clear — with events and typed errors', async () => {
    const c = await open();
    const { port } = (await c.getStatus({})).capture;
    await send(port, 'first');
    await send(port, 'second', 'the quick brown fox');
    // Announced and searchable by body once the background indexer has parsed them.
    await c.idle();
    expect(events.filter((e) => e.type === 'message.captured')).toHaveLength(2);
    expect((await c.getStatus({})).indexPending).toBe(0);

    const page = await c.listMessages({});
    expect(page).toMatchObject({ total: 2, offset: 0, queryErrors: [] });
    expect(page.items.map((m) => m.subject)).toEqual(['second', 'first']);
    const second = page.items[0]!;
    expect((await c.listMessages({ query: 'fox' })).items.map((m) => m.subject)).toEqual(['second']);
    expect((await c.listMessages({ offset: 1, limit: 1 })).items.map((m) => m.subject)).toEqual(['first']);

    const detail = await c.getMessage({ id: second.id });
    expect(detail.summary.id).toBe(second.id);
    expect(detail.envelope?.rcptTo.map((r) => r.address)).toEqual(['b@example.test', 'bcc@example.test']);
    expect(detail.text).toContain('the quick brown fox');

    const raw = await c.getRawMessage({ id: second.id });
    expect(raw.contentType).toBe('message/rfc822');
    expect(raw.filename).toBe(`message-${second.id}-second.eml`);
    expect(Buffer.from(raw.bytes).toString('utf8')).toContain('Subject: second');

    expect(await c.markRead({ ids: [second.id], read: true })).toEqual({ updated: 1 });
    expect(events.at(-1)).toEqual({ type: 'messages.read-changed', ids: [second.id], read: true });
    expect((await c.getStatus({})).unreadCount).toBe(1);

    expect(await c.deleteMessages({ ids: [second.id] })).toEqual({ deleted: 1 });
    expect(events.at(-1)).toEqual({ type: 'messages.deleted', ids: [second.id], all: false });
    expect(await errorOf(c.getMessage({ id: second.id }))).toMatchObject({ code: 'not_found' });
    expect(await errorOf(c.getRawMessage({ id: 999 }))).toMatchObject({ code: 'not_found' });
    expect(await errorOf(c.getAttachment({ id: page.items[1]!.id, index: 5 }))).toMatchObject({ code: 'not_found' });

    expect(await c.clearMessages({})).toEqual({ deleted: 1 });
    expect(events.at(-1)).toEqual({ type: 'messages.deleted', ids: [], all: true });
    expect((await c.getStatus({})).messageCount).toBe(0);
  });

  it('answers malformed requests with bad_request and a message naming the field', async () => {
    const c = await open();
    expect(await errorOf(c.listMessages({ limit: 0 }))).toMatchObject({ code: 'bad_request', message: '"limit" must be a whole number from 1 to 1000.' });
    expect(await errorOf(c.listMessages({ query: 5 as unknown as string }))).toMatchObject({ code: 'bad_request' });
    expect(await errorOf(c.getMessage({ id: 'x' as unknown as number }))).toMatchObject({ code: 'bad_request' });
    expect(await errorOf(c.markRead({ ids: [1], read: 'yes' as unknown as boolean }))).toMatchObject({ code: 'bad_request' });
    expect(await errorOf(c.deleteMessages({ ids: [0] }))).toMatchObject({ code: 'bad_request' });
    expect(await errorOf(c.exportMessages({ ids: [1, 2], format: 'eml' }))).toMatchObject({ code: 'bad_request' });
    expect(await errorOf(c.exportMessages({ ids: [1], format: 'zip' as 'eml' }))).toMatchObject({ code: 'bad_request' });
    expect(await errorOf(c.importPaths({ paths: [] }))).toMatchObject({ code: 'bad_request' });
    expect(await errorOf(c.updateSettings({ settings: { port: -1 } }))).toMatchObject({ code: 'bad_request', message: expect.stringContaining('SMTP port') });
    expect(await errorOf(c.getSession({ id: 12345 }))).toMatchObject({ code: 'not_found' });
  });

  it('keeps settings: saved updates survive a reopen, per-run overrides do not, passwords never come back', async () => {
    const c = await open();
    const result = await c.updateSettings({ settings: { auth: 'required', users: [{ username: 'qa', password: 'sekrit' }], maxMessages: 500 } });
    expect(result.settings.users).toEqual([{ username: 'qa', password: PASSWORD_MASK }]);
    expect(JSON.stringify(await c.getSettings({}))).not.toContain('sekrit');
    expect(result.status.running).toBe(true);
    // The header's retention hint reads the limit from the status.
    expect((await c.getStatus({})).maxMessages).toBe(500);
    await c.close();

    const again = await open({ captureOverrides: { port: 0 } });
    const settings = await again.getSettings({});
    expect(settings).toMatchObject({ auth: 'required', maxMessages: 500, port: 0 });
    // The stored port is still the default: the override was for that run only.
    await again.close();
    const stored = await open({ captureOverrides: { autoStart: false } });
    expect((await stored.getSettings({})).port).toBe(2525);
    // Sending the mask back keeps the stored password.
    const kept = await stored.updateSettings({ settings: { users: [{ username: 'qa', password: PASSWORD_MASK }] } });
    expect(kept.settings.users).toEqual([{ username: 'qa', password: PASSWORD_MASK }]);
  });

  it('switches to an fsync per commit when fsyncEachCommit is set, keeps it across a reopen, and still captures', async () => {
    const c = await open();
    expect((await c.getSettings({})).fsyncEachCommit).toBe(false);
    const before = (await c.getStatus({})).capture.port;
    const result = await c.updateSettings({ settings: { fsyncEachCommit: true } });
    // Not a listener setting: the server keeps running on its port.
    expect(result.status).toMatchObject({ running: true, port: before });
    await send(before, 'fsynced');
    await c.close();
    const again = await open();
    expect((await again.getSettings({})).fsyncEachCommit).toBe(true);
    await send((await again.getStatus({})).capture.port, 'fsynced again');
    expect((await again.listMessages({})).items.map((m) => m.subject)).toEqual(['fsynced again', 'fsynced']);
  });

  it('restarts capture for listener changes, start/stop on request, each with a status event', async () => {
    const c = await open();
    const before = (await c.getStatus({})).capture;
    const withTls = await c.updateSettings({ settings: { tlsPort: 0 } });
    expect(withTls.status).toMatchObject({ running: true, port: before.port });
    expect(withTls.status.tlsPort).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'capture.status-changed' && e.status.tlsPort === withTls.status.tlsPort)).toBe(true);
    expect((await c.stopCapture({})).running).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'capture.status-changed', status: { running: false } });
    expect((await c.startCapture({})).running).toBe(true);
  });

  it('prunes at once when maxMessages is lowered', async () => {
    const c = await open();
    const { port } = (await c.getStatus({})).capture;
    for (const s of ['a', 'b', 'c']) await send(port, s);
    await c.updateSettings({ settings: { maxMessages: 1 } });
    expect((await c.listMessages({})).items.map((m) => m.subject)).toEqual(['c']);
    expect(events.some((e) => e.type === 'messages.deleted' && e.ids.length === 2)).toBe(true);
  });

  it('shows an open session with its transcript so far, and the stored one once closed', async () => {
    const c = await open();
    const { port } = (await c.getStatus({})).capture;
    const { client } = await RawSmtp.open(port);
    await client.command('EHLO still-open.test');
    await client.command('MAIL FROM:<a@example.test>');
    await client.command('RCPT TO:<b@example.test>');
    await client.command('DATA');
    client.write('Subject: open session\r\n\r\nx\r\n.\r\n');
    expect((await client.read()).code).toBe(250);
    const [summary] = (await c.listMessages({})).items;
    const open1 = await c.getSession({ id: summary!.sessionId! });
    expect(open1.endedAt).toBeNull();
    expect(open1.helo).toBe('still-open.test');
    expect(open1.messageIds).toEqual([summary!.id]);
    expect(open1.transcript.map((e) => e.text)).toContain('EHLO still-open.test');
    await client.quit();
    const sessions = () => events.filter((e) => e.type === 'session.closed').length;
    for (let i = 0; i < 100 && sessions() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const closed = await c.getSession({ id: summary!.sessionId! });
    expect(closed.endedAt).not.toBeNull();
    expect(closed.transcript.map((e) => e.text)).toContain('221 Bye');
    expect((await c.listSessions({})).items.map((s) => s.id)).toContain(closed.id);
  });

  it('imports an upload and exports .eml and mbox', async () => {
    const c = await open();
    const eml = Buffer.from('From: x@example.test\r\nSubject: uploaded\r\n\r\nFrom the top\r\n');
    const result = await c.importUpload({ name: 'one.eml', body: { bytes: eml, contentType: 'message/rfc822' } });
    expect(result).toMatchObject({ imported: 1, errors: [] });
    expect(events.some((e) => e.type === 'message.captured' && e.message.source === 'import')).toBe(true);
    expect(events.some((e) => e.type === 'import.progress' && e.source === 'one.eml' && e.done === 1)).toBe(true);
    const id = result.ids[0]!;
    const single = await c.exportMessages({ ids: [id], format: 'eml' });
    expect(Buffer.from(single.bytes).equals(eml)).toBe(true);
    const mbox = await c.exportMessages({ ids: [id], format: 'mbox' });
    expect(mbox.contentType).toBe('application/mbox');
    expect(Buffer.from(mbox.bytes).toString('utf8')).toMatch(/^From MAILER-DAEMON .*\r\nFrom: x@example.test\r\n[\s\S]*\r\n>From the top\r\n\r\n$/);
    const empty = await c.importUpload({ name: 'empty.eml', body: { bytes: new Uint8Array(), contentType: 'message/rfc822' } });
    expect(empty).toMatchObject({ imported: 0, errors: [{ source: 'empty.eml' }] });
  });

  it('keeps capturing and answering while a big upload is imported', async () => {
    const c = await open();
    const { port } = (await c.getStatus({})).capture;
    const mbox = Array.from({ length: 10_000 }, (_, i) => `From a@example.test Mon Jan  1 00:00:00 2024\nFrom: a@example.test\nSubject: bulk ${i}\n\nbody ${i}\n\n`).join('');
    let importDone = false;
    const importing = c.importUpload({ name: 'bulk.mbox', body: { bytes: Buffer.from(mbox), contentType: 'application/mbox' } }).then((result) => {
      importDone = true;
      return result;
    });
    // A real SMTP client needs several event-loop turns of the host; it gets them between import batches.
    await send(port, 'during the import');
    expect(importDone).toBe(false);
    const imported = await importing;
    expect(imported).toMatchObject({ imported: 10_000, errors: [] });
    expect((await c.listMessages({ query: 'subject:during' })).total).toBe(1);
    const progress = events.filter((e) => e.type === 'import.progress');
    expect(progress.at(-1)).toMatchObject({ done: 10_000 });
  });

  it('closes idempotently and releases the SMTP port', async () => {
    const c = await open();
    const { port } = (await c.getStatus({})).capture;
    await Promise.all([c.close(), c.close()]);
    core = null;
    const { createServer } = await import('node:net');
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  });
});

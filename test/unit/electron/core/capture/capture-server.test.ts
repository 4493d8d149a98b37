/**
 * The capture server with the real store, the real parser and real clients
 * over loopback: byte-exact storage, the envelope and its parameters, the
 * durability order (committed and announced before 250), SIZE → 552, a drop
 * mid-DATA, AUTH policy, retention, concurrency, restart and stop.
 */
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../../../shared/api/events';
import { DEFAULT_CAPTURE_SETTINGS } from '../../../../../shared/model/settings';
import type { CaptureSettings } from '../../../../../shared/model/settings';
import { CaptureServer, retentionHeadroom } from '../../../../../electron/core/capture/capture-server';
import { certificatePaths } from '../../../../../electron/core/capture/tls-certificate';
import { mainThreadBackend } from '../../../../../electron/core/indexer/index-backend';
import { InThreadCaptureWriter } from '../../../../../electron/core/store/capture-writer';
import { openMessageStore } from '../../../../../electron/core/store/message-store';
import type { MessageStore } from '../../../../../electron/core/store/types';
import { dataPayload, RawSmtp } from '../../../../support/raw-smtp';
import { makeIndex, makeMessage } from '../store/store-helpers';

let dir: string;
let store: MessageStore;
let events: CoreEvent[];
let capture: CaptureServer;
let writer: InThreadCaptureWriter;

const settings = (patch: Partial<CaptureSettings> = {}): CaptureSettings => ({ ...DEFAULT_CAPTURE_SETTINGS, port: 0, ...patch });

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-capture-'));
  store = openMessageStore(path.join(dir, 'mailscope.db'));
  events = [];
  const emit = (e: CoreEvent): void => {
    events.push(e);
  };
  writer = new InThreadCaptureWriter({ store, backend: mainThreadBackend(), emit });
  capture = new CaptureServer({ store, writer, emit, dataDir: dir, log: () => undefined });
});

afterEach(async () => {
  await capture.stop();
  await writer.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A message exercising what clients get wrong: dots at line starts, 8-bit bytes, long lines, trailing spaces. */
const TRICKY = Buffer.concat([
  Buffer.from('From: Zoë <zoe@example.test>\r\nTo: b@example.test\r\nSubject: dots and bytes\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', 'utf8'),
  Buffer.from('.leading dot\r\n..two dots\r\n.\tdot-tab\r\ntrailing space \r\ncaf', 'latin1'),
  Buffer.from([0xe9]),
  Buffer.from('\r\n' + 'x'.repeat(1500) + '\r\n', 'latin1'),
]);

describe('CaptureServer', () => {
  it('stores the DATA bytes exactly (dot-unstuffed, 8-bit, CRLF intact) with the envelope and its ESMTP parameters', async () => {
    const status = await capture.start(settings());
    expect(status).toMatchObject({ running: true, host: '127.0.0.1', error: null });
    expect(status.port).toBeGreaterThan(0);
    const { client, greeting } = await RawSmtp.open(status.port);
    expect(greeting.code).toBe(220);
    const ehlo = await client.command('EHLO raw.client.test');
    for (const ext of ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'STARTTLS', 'DSN', 'AUTH PLAIN LOGIN CRAM-MD5', `SIZE ${DEFAULT_CAPTURE_SETTINGS.maxMessageBytes}`]) {
      expect(ehlo.text).toContain(ext);
    }
    expect((await client.command(`MAIL FROM:<zoe@example.test> SIZE=${TRICKY.length} BODY=8BITMIME RET=HDRS ENVID=abc`)).code).toBe(250);
    expect((await client.command('RCPT TO:<b@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.test')).code).toBe(250);
    expect((await client.command('RCPT TO:<hidden@example.test>')).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    client.write(dataPayload(TRICKY));
    const done = await client.read();
    expect(done.code).toBe(250);
    await client.quit();

    const id = Number(/message (\d+)/.exec(done.text)?.[1]);
    expect(Buffer.from(store.getRaw(id) ?? [])).toEqual(TRICKY);
    expect(store.getEnvelope(id)).toEqual({
      mailFrom: 'zoe@example.test',
      mailFromParams: { SIZE: String(TRICKY.length), BODY: '8BITMIME', RET: 'HDRS', ENVID: 'abc' },
      rcptTo: [
        { address: 'b@example.test', params: { NOTIFY: 'SUCCESS,FAILURE', ORCPT: 'rfc822;b@example.test' } },
        { address: 'hidden@example.test', params: {} },
      ],
    });
    expect(store.getSummary(id)).toMatchObject({ source: 'smtp', subject: 'dots and bytes', size: TRICKY.length, rcptTo: ['b@example.test', 'hidden@example.test'] });
  });

  it('records SMTPUTF8 and an internationalised envelope', async () => {
    const { port } = await capture.start(settings());
    const { client } = await RawSmtp.open(port);
    await client.command('EHLO utf8.test');
    const raw = Buffer.from('From: =?UTF-8?Q?J=C3=B6rg?= <jörg@bücher.example>\r\nTo: 用户@例子.广告\r\nSubject: ünïcødé\r\n\r\nGrüße 🌍\r\n', 'utf8');
    expect((await client.command('MAIL FROM:<jörg@bücher.example> SMTPUTF8 BODY=8BITMIME')).code).toBe(250);
    expect((await client.command('RCPT TO:<用户@例子.广告>')).code).toBe(250);
    await client.command('DATA');
    client.write(dataPayload(raw));
    expect((await client.read()).code).toBe(250);
    await client.quit();
    const [summary] = store.listMessages('', 0, 10).items;
    expect(Buffer.from(store.getRaw(summary!.id)!)).toEqual(raw);
    const envelope = store.getEnvelope(summary!.id)!;
    expect(envelope.mailFromParams).toMatchObject({ SMTPUTF8: true, BODY: '8BITMIME' });
    expect(envelope.mailFrom).toBe('jörg@bücher.example');
    expect(envelope.rcptTo[0]!.address).toBe('用户@例子.广告');
  });

  it('commits the message with its header summary before the client hears 250, then indexes and announces it', async () => {
    const { port } = await capture.start(settings());
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    const info = await transport.sendMail({
      from: 'A <a@example.test>',
      to: 'b@example.test',
      subject: 'order',
      text: 'findable body words',
      attachments: [{ filename: 'invoice.pdf', content: 'pdf' }],
    });
    const id = Number(/message (\d+)/.exec(info.response)?.[1]);
    // At the 250: committed, listed with its header fields; the full parse may still be pending.
    expect(info.response).toMatch(/^250 /);
    expect(store.count().total).toBe(1);
    expect(store.getSummary(id)).toMatchObject({ subject: 'order', from: [{ name: 'A', address: 'a@example.test' }], to: [{ address: 'b@example.test' }] });
    transport.close();

    await writer.idle();
    expect(store.unindexedCount()).toBe(0);
    expect(store.getSummary(id)).toMatchObject({ subject: 'order', attachmentCount: 1, snippet: 'findable body words' });
    expect(store.listMessages('findable', 0, 10).items.map((m) => m.id)).toEqual([id]);
    expect(store.listMessages('invoice.pdf', 0, 10).items.map((m) => m.id)).toEqual([id]);
    const captured = events.filter((e) => e.type === 'message.captured');
    expect(captured).toEqual([{ type: 'message.captured', message: expect.objectContaining({ id, attachmentCount: 1, snippet: 'findable body words' }) }]);
  });

  it('answers pipelined commands in one write, and still says 220 in plaintext before STARTTLS', async () => {
    const status = await capture.start(settings());
    // Count the server side's socket writes (system calls: one per _write, one per _writev).
    const calls: string[] = [];
    const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
    const original = { _write: proto._write, _writev: proto._writev };
    for (const name of ['_write', '_writev'] as const) {
      proto[name] = function (this: Socket, ...args: unknown[]) {
        if (this.localPort === status.port) calls.push(name === '_writev' ? `writev×${(args[0] as unknown[]).length}` : 'write');
        return original[name].apply(this, args);
      };
    }
    try {
      const { client } = await RawSmtp.open(status.port);
      await client.command('EHLO pipelining.client.test');
      calls.length = 0;
      client.write('MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nRCPT TO:<c@example.test>\r\nDATA\r\n');
      expect((await client.read()).code).toBe(250);
      expect((await client.read()).code).toBe(250);
      expect((await client.read()).code).toBe(250);
      expect((await client.read()).code).toBe(354);
      expect(calls).toEqual(['writev×4']);
      client.write(dataPayload(Buffer.from('Subject: piped\r\n\r\nbody\r\n')));
      expect((await client.read()).code).toBe(250);
      // STARTTLS: the 220 must leave before the TLS socket takes over, even though it was written while corked.
      const tls = await client.startTls();
      expect(tls.code).toBe(220);
      expect((await client.command('EHLO secure.client.test')).code).toBe(250);
      expect((await client.command('NOOP')).code).toBe(250);
      await client.quit();
    } finally {
      Object.assign(proto, original);
    }
    expect(store.count().total).toBe(1);
  });

  it('commits a plain-text message with its whole summary by the 250; its full-text row follows in a batch, and the message is announced once searchable', async () => {
    const { port } = await capture.start(settings());
    const { client } = await RawSmtp.open(port);
    await client.command('EHLO raw.test');
    expect(capture.transactionsInProgress()).toBe(0);
    await client.command('MAIL FROM:<a@example.test>');
    // A mail transaction is open: a commit of another session's message would wait a few turns for this one.
    expect(capture.transactionsInProgress()).toBe(1);
    await client.command('RCPT TO:<b@example.test>');
    await client.command('DATA');
    client.write(dataPayload(Buffer.from('From: A <a@example.test>\r\nTo: b@example.test\r\nSubject: plain\r\n\r\nquietly searchable words\r\n')));
    const reply = await client.read();
    const heardAt = performance.now();
    expect(reply.code).toBe(250);
    expect(capture.transactionsInProgress()).toBe(0);
    const id = Number(/message (\d+)/.exec(reply.text)?.[1]);
    // No waiting for the indexer: summary and snippet are stored by the 250.
    expect(store.getSummary(id)).toMatchObject({ subject: 'plain', snippet: 'quietly searchable words' });
    // The full-text row is written in a batch with others (full-text-batcher.ts): pending for a moment…
    expect(store.unindexedCount()).toBe(1);
    expect(store.listMessages('searchable', 0, 10).items).toEqual([]);
    // …then written and announced together, well within the second the issue allows, with nothing
    // more sent: whoever refetches a search on the event finds the message.
    await until(() => events.some((e) => e.type === 'message.captured'));
    expect(performance.now() - heardAt).toBeLessThan(1000);
    expect(store.unindexedCount()).toBe(0);
    expect(events.filter((e) => e.type === 'message.captured')).toEqual([{ type: 'message.captured', message: expect.objectContaining({ id, snippet: 'quietly searchable words' }) }]);
    expect(store.listMessages('searchable', 0, 10).items.map((m) => m.id)).toEqual([id]);
    expect(store.listMessages('from:a@example.test quietly', 0, 10).items.map((m) => m.id)).toEqual([id]);
    await client.quit();
  });

  it('stores nothing when the client drops in the middle of DATA, and says so in the transcript', async () => {
    const { port } = await capture.start(settings());
    const { client } = await RawSmtp.open(port);
    await client.command('EHLO dropper.test');
    await client.command('MAIL FROM:<a@example.test>');
    await client.command('RCPT TO:<b@example.test>');
    await client.command('DATA');
    client.write('Subject: half\r\n\r\nthe first half of a message that never ends\r\n');
    await new Promise((r) => setTimeout(r, 100));
    // In a mail transaction: the group committer would wait a few turns for its delivery.
    expect(capture.transactionsInProgress()).toBe(1);
    client.drop();
    await until(() => events.some((e) => e.type === 'session.closed'));
    expect(capture.transactionsInProgress()).toBe(0);
    expect(store.count().total).toBe(0);
    expect(events.some((e) => e.type === 'message.captured')).toBe(false);
    const closed = events.find((e) => e.type === 'session.closed');
    const session = store.getSession(closed!.type === 'session.closed' ? closed!.session.id : 0)!;
    expect(session.messageIds).toEqual([]);
    expect(session.helo).toBe('dropper.test');
    expect(session.transcript.some((e) => e.kind === 'error' && /middle of DATA.*nothing stored/.test(e.text))).toBe(true);
  });

  it("creates a connection's session row in its first capture's commit, not in a transaction of its own", async () => {
    const createSession = store.createSession.bind(store);
    let separate = 0;
    store.createSession = (session) => {
      separate++;
      return createSession(session);
    };
    const { port } = await capture.start(settings());
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    const info = await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'one', text: 'x' });
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'two', text: 'x' });
    transport.close();
    expect(info.response).toMatch(/^250 /);
    await until(() => events.filter((e) => e.type === 'session.closed').length >= 2);
    expect(separate).toBe(0);
    const sessions = store.listSessions(0, 10).items;
    expect(sessions).toHaveLength(2);
    const subjects = sessions.map((s) => s.messageIds.map((id) => store.getSummary(id)?.subject));
    expect(subjects.sort()).toEqual([['one'], ['two']]);
    for (const s of sessions) expect(store.getSession(s.id)?.transcript.some((e) => e.kind === 'client' && e.text.startsWith('MAIL FROM'))).toBe(true);
  });

  it('keeps one session for a connection whose capture was committed but could not be flushed to disk (451)', async () => {
    store.setFsyncEachCommit(true);
    store.syncToDisk = () => Promise.reject(new Error('EIO: disk on fire'));
    const { port } = await capture.start(settings());
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    const error = await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'unflushed', text: 'x' }).catch((e: unknown) => e);
    transport.close();
    expect((error as { responseCode?: number }).responseCode).toBe(451);
    await until(() => events.some((e) => e.type === 'session.closed'));
    const sessions = store.listSessions(0, 10).items;
    expect(sessions).toHaveLength(1);
    const session = store.getSession(sessions[0]!.id)!;
    expect(session.messageIds.map((id) => store.getSummary(id)?.subject)).toEqual(['unflushed']);
    expect(session.transcript.some((e) => e.kind === 'server' && e.text.startsWith('451'))).toBe(true);
  });

  it('answers 552 to a message over the size limit (announced or not) and stores nothing', async () => {
    const { port } = await capture.start(settings({ maxMessageBytes: 2048 }));
    const { client } = await RawSmtp.open(port);
    expect((await client.command('EHLO big.test')).text).toContain('SIZE 2048');
    expect((await client.command('MAIL FROM:<a@example.test> SIZE=5000')).code).toBe(552);
    expect((await client.command('MAIL FROM:<a@example.test>')).code).toBe(250);
    await client.command('RCPT TO:<b@example.test>');
    await client.command('DATA');
    client.write(dataPayload(Buffer.from(`Subject: big\r\n\r\n${'y'.repeat(5000)}\r\n`)));
    const reply = await client.read();
    expect(reply.code).toBe(552);
    // The session goes on: a small message right after is accepted.
    await client.command('MAIL FROM:<a@example.test>');
    await client.command('RCPT TO:<b@example.test>');
    await client.command('DATA');
    client.write(dataPayload(Buffer.from('Subject: small\r\n\r\nok\r\n')));
    expect((await client.read()).code).toBe(250);
    await client.quit();
    const items = store.listMessages('', 0, 10).items;
    expect(items.map((m) => m.subject)).toEqual(['small']);
  });

  it('with auth required: MAIL without AUTH gets 530, a wrong password 535, the right one is recorded (never the password)', async () => {
    const { port } = await capture.start(settings({ auth: 'required', users: [{ username: 'qa', password: 'right-pass' }] }));
    const { client } = await RawSmtp.open(port);
    await client.command('EHLO auth.test');
    expect((await client.command('MAIL FROM:<a@example.test>')).code).toBe(530);
    const wrong = Buffer.from('\0qa\0wrong-pass').toString('base64');
    expect((await client.command(`AUTH PLAIN ${wrong}`)).code).toBe(535);
    await client.quit();

    const bad = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { user: 'qa', pass: 'nope' } });
    await expect(bad.sendMail({ from: 'a@example.test', to: 'b@example.test', text: 'x' })).rejects.toMatchObject({ responseCode: 535 });
    bad.close();
    for (const method of ['PLAIN', 'LOGIN', 'CRAM-MD5']) {
      const good = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { user: 'qa', pass: 'right-pass', method } });
      const info = await good.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: method, text: 'x' });
      expect(info.response).toMatch(/^250 /);
      good.close();
    }
    await until(() => events.filter((e) => e.type === 'session.closed').length >= 5);
    const sessions = store.listSessions(0, 10).items.filter((s) => s.messageIds.length > 0);
    expect(sessions.map((s) => `${s.authUser}/${s.authMethod}`).sort()).toEqual(['qa/CRAM-MD5', 'qa/LOGIN', 'qa/PLAIN']);
    for (const s of store.listSessions(0, 10).items) {
      const text = JSON.stringify(store.getSession(s.id));
      expect(text).not.toContain('right-pass');
      expect(text).not.toContain(Buffer.from('right-pass').toString('base64'));
      expect(text).not.toContain(wrong);
    }
  });

  it('with auth optional: any credentials are accepted and the user name recorded', async () => {
    const { port } = await capture.start(settings());
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { user: 'whoever', pass: 'anything' } });
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', text: 'x' });
    transport.close();
    await until(() => events.some((e) => e.type === 'session.closed'));
    const closed = events.find((e) => e.type === 'session.closed');
    expect(closed).toMatchObject({ session: { authUser: 'whoever', authMethod: 'PLAIN' } });
  });

  it('records STARTTLS and implicit TLS sessions with protocol and cipher, using one workspace certificate kept 0600', async () => {
    const { port, tlsPort } = await capture.start(settings({ tlsPort: 0 }));
    expect(tlsPort).toBeGreaterThan(0);
    const starttls = nodemailer.createTransport({ host: '127.0.0.1', port, requireTLS: true, tls: { rejectUnauthorized: false } });
    await starttls.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'starttls', text: 'x' });
    starttls.close();
    const implicit = nodemailer.createTransport({ host: '127.0.0.1', port: tlsPort!, secure: true, tls: { rejectUnauthorized: false } });
    await implicit.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'implicit', text: 'x' });
    implicit.close();
    await until(() => events.filter((e) => e.type === 'session.closed').length >= 2);
    const tls = events.flatMap((e) => (e.type === 'session.closed' ? [e.session.tls] : []));
    expect(tls).toContainEqual({ protocol: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.stringMatching(/^TLS_/), implicit: false });
    expect(tls).toContainEqual({ protocol: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.stringMatching(/^TLS_/), implicit: true });

    const files = certificatePaths(dir);
    if (process.platform !== 'win32') expect(statSync(files.key).mode & 0o777).toBe(0o600);
    const cert = readFileSync(files.cert, 'utf8');
    await capture.stop();
    await capture.start(settings({ tlsPort: 0 }));
    expect(readFileSync(files.cert, 'utf8')).toBe(cert);
  });

  it('keeps at most maxMessages, pruning the oldest and announcing what went', async () => {
    const { port } = await capture.start(settings({ maxMessages: 3 }));
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    for (let i = 1; i <= 5; i++) await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: `m${i}`, text: 'x' });
    transport.close();
    expect(store.listMessages('', 0, 10).items.map((m) => m.subject)).toEqual(['m5', 'm4', 'm3']);
    const pruned = events.flatMap((e) => (e.type === 'messages.deleted' ? e.ids : []));
    expect(pruned).toHaveLength(2);
  });

  it('at a big limit, deletes a batch once a capture goes over it, so the next captures need not delete', async () => {
    expect([1, 999, 1000, 1999, 2000, 31_999, 50_000, 10_000_000].map(retentionHeadroom)).toEqual([0, 0, 0, 0, 1, 30, 31, 31]);
    // 3 000 stored (headroom 2): the first capture over the limit takes the three oldest with it.
    const old = store.insertMessages(Array.from({ length: 3000 }, (_, i) => ({ message: makeMessage(`Subject: old${i}\r\n\r\nx\r\n`), index: makeIndex({ subject: `old${i}` }) })));
    const { port } = await capture.start(settings({ maxMessages: 3000 }));
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    const deleted = () => events.flatMap((e) => (e.type === 'messages.deleted' ? e.ids : []));
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'n1', text: 'x' });
    expect(deleted()).toEqual(old.slice(0, 3).map((m) => m.id));
    expect(store.count().total).toBe(2998);
    // The next two fit under the limit; the one after goes over again.
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'n2', text: 'x' });
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'n3', text: 'x' });
    expect(deleted()).toHaveLength(3);
    expect(store.count().total).toBe(3000);
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'n4', text: 'x' });
    transport.close();
    expect(deleted()).toEqual(old.slice(0, 6).map((m) => m.id));
    expect(store.count().total).toBe(2998);
    expect(store.listMessages('', 0, 1).items[0]?.subject).toBe('n4');
  });

  it('takes many concurrent sessions with many recipients, every message stored once', async () => {
    const { port } = await capture.start(settings());
    const rcpts = Array.from({ length: 25 }, (_, i) => `r${i}@example.test`);
    const sends = Array.from({ length: 24 }, async (_, i) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
      try {
        return await transport.sendMail({ from: `s${i}@example.test`, to: rcpts, subject: `c${i}`, text: `body ${i}` });
      } finally {
        transport.close();
      }
    });
    const infos = await Promise.all(sends);
    expect(infos.every((info) => /^250 /.test(info.response))).toBe(true);
    const items = store.listMessages('', 0, 100).items;
    expect(items).toHaveLength(24);
    expect(new Set(items.map((m) => m.subject)).size).toBe(24);
    expect(items.every((m) => m.rcptTo.length === 25)).toBe(true);
    // Each session lists exactly the message it delivered, although the sessions overlapped.
    await until(() => events.filter((e) => e.type === 'session.closed').length === 24);
    for (const m of items) expect(store.getSession(m.sessionId!)?.messageIds).toEqual([m.id]);
  });

  it('ends, at its first start, the sessions a killed process left open in the store', async () => {
    // As a process killed mid-session leaves it: a session row that delivered and never ended.
    const abandoned = store.createSession({ startedAt: 1, clientAddress: '127.0.0.1', clientPort: 1, clientHostname: '' });
    const id = store.insertMessage(
      { raw: Buffer.from('Subject: before the kill\r\n\r\nx\r\n'), envelope: null, source: 'smtp', sessionId: abandoned },
      { from: [], to: [], cc: [], subject: 'before the kill', date: null, messageId: '', attachmentCount: 0, snippet: 'x', bodyText: 'x', attachmentNames: [] },
    ).id;
    await capture.start(settings());
    expect(store.endAbandonedSessions()).toBe(0);
    expect(store.getSession(abandoned)?.messageIds).toEqual([id]);
  });

  it('still starts, and says why, when those sessions cannot be ended', async () => {
    const lines: string[] = [];
    const failing: MessageStore = Object.assign(Object.create(store) as MessageStore, {
      endAbandonedSessions: () => {
        throw new Error('database is locked');
      },
    });
    const server = new CaptureServer({ store: failing, writer, emit: () => undefined, dataDir: dir, log: (line) => lines.push(line) });
    try {
      expect(await server.start(settings())).toMatchObject({ running: true, error: null });
      expect(lines.join('\n')).toMatch(/could not end the sessions a previous run left open: database is locked/);
    } finally {
      await server.stop();
    }
  });

  it('reports a busy port in plain words and is not running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const status = await capture.start(settings({ port: busy }));
      expect(status.running).toBe(false);
      expect(status.error).toMatch(new RegExp(`Port ${busy} on 127\\.0\\.0\\.1 is already in use`));
      expect(events.at(-1)).toEqual({ type: 'capture.status-changed', status });
      // Other settings leave the failure as it is; a new port is the fix and is tried at once.
      expect(await capture.configure(settings({ port: busy, maxMessages: 10 }))).toMatchObject({ running: false, error: expect.stringContaining(`Port ${busy}`) });
      const fixed = await capture.configure(settings({ port: 0, maxMessages: 10 }));
      expect(fixed).toMatchObject({ running: true, error: null });
      expect(fixed.port).not.toBe(busy);
      expect(events.at(-1)).toEqual({ type: 'capture.status-changed', status: fixed });
      // Stopped by the user: a new port is recorded, not started.
      await capture.stop();
      expect(await capture.configure(settings({ port: 0, maxMessages: 10, maxMessageBytes: 4096 }))).toMatchObject({ running: false, error: null });
    } finally {
      blocker.close();
    }
  });

  it('restarts only for listener settings; stop tells idle clients 421 and saves their session', async () => {
    const first = await capture.start(settings());
    const same = await capture.configure(settings({ maxMessages: 10 }));
    expect(same.port).toBe(first.port);
    const { client } = await RawSmtp.open(first.port);
    await client.command('EHLO idle.test');
    const restarted = await capture.configure(settings({ reverseDns: false, maxMessageBytes: 4096 }));
    expect(restarted.running).toBe(true);
    // "Any free port" keeps the port it had, so the app under test is not stranded.
    expect(restarted.port).toBe(first.port);
    expect(await client.read()).toMatchObject({ code: 421 });
    await until(() => events.some((e) => e.type === 'session.closed'));
    const stopped = await capture.stop();
    expect(stopped.running).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'capture.status-changed', status: { running: false } });
    const session = store.getSession(store.listSessions(0, 1).items[0]!.id)!;
    expect(session.helo).toBe('idle.test');
    expect(session.endedAt).not.toBeNull();
    expect(session.transcript.map((e) => e.text)).toContain('421 Mailscope capture server is stopping');
  });
});

/**
 * The logger adapter against the real smtp-server and real clients: what
 * smtp-server logs for AUTH (PLAIN, LOGIN, CRAM-MD5) must reach the transcript
 * with every secret masked, and commands/replies in wire order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';
import { createSmtpLogger } from '../../../../../electron/core/capture/smtp-logger';
import { MASK, TranscriptRecorder } from '../../../../../electron/core/capture/transcript-recorder';
import { hasTool, runTool } from '../../../../support/run-tool';

const PASSWORD = 'Tr0ub4dor&3-secret';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const recorders = new Map<string, TranscriptRecorder>();
const closed: TranscriptRecorder[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    logger: createSmtpLogger((cid) => recorders.get(cid)),
    disableReverseLookup: true,
    allowInsecureAuth: true,
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
    onConnect(session, cb) {
      recorders.set(session.id, new TranscriptRecorder());
      cb();
    },
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onData(stream, _session, cb) {
      stream.resume();
      stream.on('end', () => cb(null, 'queued'));
    },
    onClose(session) {
      const r = recorders.get(session.id);
      if (r) closed.push(r);
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function waitForClosed(count: number): Promise<TranscriptRecorder> {
  const until = Date.now() + 5000;
  while (closed.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  expect(closed.length).toBeGreaterThanOrEqual(count);
  return closed[count - 1] as TranscriptRecorder;
}

function assertNoSecrets(r: TranscriptRecorder): void {
  const text = JSON.stringify(r.all());
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(b64(PASSWORD));
  // PLAIN's blob carries the password after the user name: no base64 window of it may survive either.
  expect(text).not.toContain(b64(`\0alice\0${PASSWORD}`).slice(4, 24));
}

describe('smtp-server logger → transcript', () => {
  for (const method of ['PLAIN', 'LOGIN'] as const) {
    it(`records a nodemailer AUTH ${method} session in wire order with the credentials masked`, async () => {
      const before = closed.length;
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: 'alice', pass: PASSWORD, method } });
      await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'hi', text: 'hello' });
      transport.close();
      const r = await waitForClosed(before + 1);
      const entries = r.all();
      const texts = entries.map((e) => `${e.kind}:${e.text}`);
      expect(texts[0]).toMatch(/^server:220 /);
      expect(texts).toContainEqual(expect.stringMatching(/^client:EHLO /));
      const auth = texts.findIndex((t) => t.startsWith('client:AUTH '));
      expect(texts[auth]).toBe(method === 'PLAIN' ? `client:AUTH PLAIN ${MASK}` : 'client:AUTH LOGIN');
      if (method === 'LOGIN') expect(texts.slice(auth, auth + 5)).toEqual(['client:AUTH LOGIN', 'server:334 VXNlcm5hbWU6', `client:${MASK}`, 'server:334 UGFzc3dvcmQ6', `client:${MASK}`]);
      expect(texts).toContain('server:235 Authentication successful');
      expect(texts).toContain('client:MAIL FROM:<a@example.com>');
      // Multi-line replies are one entry, lines joined by \n (not the wire's CRLF).
      expect(texts).toContainEqual(expect.stringMatching(/^server:250-.*\n250-PIPELINING\n/s));
      expect(texts.join('')).not.toContain('\r');
      // The capture server writes the DATA line itself, at the final dot; smtp-server's late one is dropped.
      expect(texts.some((t) => t.startsWith('data:'))).toBe(false);
      expect(texts).toContain('server:250 queued');
      expect(texts.some((t) => t.includes('received "close" event') || t.includes('Connection from'))).toBe(false);
      expect(texts[texts.length - 1]).toMatch(/^info:Connection closed/);
      // Timestamps never go backwards.
      for (let i = 1; i < entries.length; i++) expect(entries[i]!.t).toBeGreaterThanOrEqual(entries[i - 1]!.t);
      assertNoSecrets(r);
    });
  }

  it.skipIf(!hasTool('swaks', ['--version']))('masks the CRAM-MD5 response sent by swaks (a client we did not write)', async () => {
    const before = closed.length;
    const result = await runTool('swaks', ['--server', `127.0.0.1:${port}`, '--to', 'b@example.com', '--from', 'a@example.com', '-a', 'CRAM-MD5', '-au', 'alice', '-ap', PASSWORD]);
    expect(result.code).toBe(0);
    const r = await waitForClosed(before + 1);
    const texts = r.all().map((e) => `${e.kind}:${e.text}`);
    const auth = texts.indexOf('client:AUTH CRAM-MD5');
    expect(auth).toBeGreaterThan(0);
    expect(texts[auth + 1]).toMatch(/^server:334 \S+$/);
    expect(texts[auth + 2]).toBe(`client:${MASK}`);
    expect(texts.slice(auth + 3)).toContain('server:235 Authentication successful');
    assertNoSecrets(r);
    // swaks' own transcript shows what it sent: that exact line must not be stored.
    const sent = /-> (\S+)\n<-\s+235/.exec(result.stdout)?.[1];
    expect(sent).toBeTruthy();
    expect(JSON.stringify(r.all())).not.toContain(sent as string);
  });
});

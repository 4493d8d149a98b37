/**
 * Real clients against a real `mailscope serve` (the built CLI) over
 * loopback: nodemailer plus three clients we did not write — swaks, Python's
 * smtplib and curl — deliver plain, HTML, attachment, 8-bit and SMTPUTF8
 * messages, over plain SMTP, STARTTLS, implicit TLS and with AUTH. The stored
 * raw bytes (read back over the HTTP API) must equal what was sent, the
 * envelope must be what the client said, and the session must record TLS and
 * the AUTH user. Then the failure paths: 552, 535, a drop mid-DATA.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageDetail, MessagePage, SettingsResult, SmtpSession } from '../support/api-types';
import { dataPayload, RawSmtp } from '../support/raw-smtp';
import { hasTool, runTool } from '../support/run-tool';
import { sample } from '../support/sample-messages';
import type { Sample, SampleKind } from '../support/sample-messages';
import { PROJECT_ROOT, startServe } from '../support/serve-process';
import type { ServeProcess } from '../support/serve-process';

type Client = 'nodemailer' | 'swaks' | 'python' | 'curl';
type Transport = 'plain' | 'starttls' | 'tls';

interface Case {
  client: Client;
  kind: SampleKind;
  transport: Transport;
  auth?: { user: string; pass: string; method?: 'PLAIN' | 'LOGIN' | 'CRAM-MD5' };
}

const HAVE: Record<Client, boolean> = {
  nodemailer: true,
  swaks: hasTool('swaks', ['--version']),
  python: hasTool('python3', ['--version']),
  curl: hasTool('curl', ['--version']),
};

const PY_SENDER = path.join(PROJECT_ROOT, 'test', 'support', 'smtp_send.py');

let serve: ServeProcess;
let dir: string;
let smtpPort = 0;
let tlsPort = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-clients-'));
  serve = await startServe(['--data', path.join(dir, 'data'), '--smtp-port', '0', '--http-port', '0']);
  smtpPort = serve.line.smtpPort;
  const result = await serve.api<SettingsResult>('PUT', '/api/settings', { settings: { tlsPort: 0 } });
  expect(result.status.running).toBe(true);
  expect(result.status.port).toBe(smtpPort);
  tlsPort = result.status.tlsPort as number;
});

afterAll(async () => {
  await serve?.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function portFor(transport: Transport): number {
  return transport === 'tls' ? tlsPort : smtpPort;
}

/** Send with the chosen client; resolves with the bytes that client puts on the wire as DATA. */
async function send(c: Case, s: Sample): Promise<Buffer> {
  const file = path.join(dir, `${c.client}-${c.kind}-${c.transport}.eml`);
  writeFileSync(file, s.raw);
  const port = portFor(c.transport);
  switch (c.client) {
    case 'nodemailer': {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: c.transport === 'tls',
        requireTLS: c.transport === 'starttls',
        ignoreTLS: c.transport === 'plain',
        tls: { rejectUnauthorized: false },
        ...(c.auth ? { auth: { user: c.auth.user, pass: c.auth.pass, ...(c.auth.method ? { method: c.auth.method } : {}) } } : {}),
      });
      try {
        const envelope = { from: s.from, to: s.to, use8BitMime: s.eightBit } as unknown as { from: string; to: string[] };
        const info = await transport.sendMail({ envelope, raw: s.raw });
        expect(info.response).toMatch(/^250 /);
      } finally {
        transport.close();
      }
      return s.raw;
    }
    case 'swaks': {
      const args = ['--server', `127.0.0.1:${port}`, '--from', s.from, '--to', s.to.join(','), '--data', `@${file}`, '--helo', 'swaks.test'];
      if (c.transport === 'starttls') args.push('--tls');
      if (c.transport === 'tls') args.push('--tlsc');
      if (c.auth) args.push('--auth', c.auth.method ?? 'LOGIN', '--auth-user', c.auth.user, '--auth-password', c.auth.pass);
      // swaks 20201014 has no option for BODY=8BITMIME or SMTPUTF8; it sends the bytes regardless.
      const result = await runTool('swaks', args);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      // swaks always writes CRLF before the terminating dot, even after a final CRLF (swaks 20201014).
      return Buffer.concat([s.raw, Buffer.from('\r\n')]);
    }
    case 'python': {
      const args = [PY_SENDER, '--port', String(port), '--from', s.from, ...s.to.flatMap((t) => ['--to', t]), '--file', file];
      if (c.transport === 'starttls') args.push('--starttls');
      if (c.transport === 'tls') args.push('--ssl');
      if (c.auth) args.push('--user', c.auth.user, '--password', c.auth.pass);
      if (s.utf8) args.push('--smtputf8');
      if (s.eightBit) args.push('--8bitmime');
      const result = await runTool('python3', args);
      expect(JSON.parse(result.stdout || '{}'), result.stderr).toMatchObject({ ok: true });
      return s.raw;
    }
    case 'curl': {
      const scheme = c.transport === 'tls' ? 'smtps' : 'smtp';
      const args = ['--silent', '--show-error', '--max-time', '20', '--url', `${scheme}://127.0.0.1:${port}/curl.test`, '--mail-from', s.from, ...s.to.flatMap((t) => ['--mail-rcpt', t]), '--upload-file', file];
      if (c.transport !== 'plain') args.push('--insecure');
      if (c.transport === 'starttls') args.push('--ssl-reqd');
      if (c.auth) args.push('--user', `${c.auth.user}:${c.auth.pass}`, ...(c.auth.method ? ['--login-options', `AUTH=${c.auth.method}`] : []));
      const result = await runTool('curl', args);
      expect(result.code, result.stderr).toBe(0);
      return s.raw;
    }
  }
}

async function findStored(subject: string): Promise<MessageDetail> {
  const input = encodeURIComponent(JSON.stringify({ limit: 1000 }));
  const page = await serve.api<MessagePage>('GET', `/api/messages?input=${input}`);
  const hit = page.items.find((m) => m.subject.startsWith(subject));
  expect(hit, `no stored message with subject ${subject}`).toBeTruthy();
  return serve.api<MessageDetail>('GET', `/api/messages/${hit!.id}`);
}

const AUTH = { user: 'qa-user', pass: 'pa55-w0rd!' };

const CASES: Case[] = [
  ...(['plain', 'html', 'attachments', '8bit', 'smtputf8'] as const).map((kind): Case => ({ client: 'nodemailer', kind, transport: 'plain' })),
  { client: 'nodemailer', kind: 'attachments', transport: 'starttls', auth: { ...AUTH, method: 'PLAIN' } },
  { client: 'nodemailer', kind: 'html', transport: 'tls', auth: { ...AUTH, method: 'CRAM-MD5' } },
  ...(['plain', 'html', 'attachments', '8bit'] as const).map((kind): Case => ({ client: 'swaks', kind, transport: 'plain' })),
  { client: 'swaks', kind: 'plain', transport: 'starttls', auth: { ...AUTH, method: 'LOGIN' } },
  { client: 'swaks', kind: 'html', transport: 'tls', auth: { ...AUTH, method: 'CRAM-MD5' } },
  ...(['plain', 'html', 'attachments', '8bit', 'smtputf8'] as const).map((kind): Case => ({ client: 'python', kind, transport: 'plain' })),
  { client: 'python', kind: 'attachments', transport: 'starttls', auth: AUTH },
  { client: 'python', kind: '8bit', transport: 'tls', auth: AUTH },
  ...(['plain', 'html', 'attachments', '8bit', 'smtputf8'] as const).map((kind): Case => ({ client: 'curl', kind, transport: 'plain' })),
  { client: 'curl', kind: 'html', transport: 'starttls', auth: { ...AUTH, method: 'PLAIN' } },
  { client: 'curl', kind: 'attachments', transport: 'tls', auth: { ...AUTH, method: 'LOGIN' } },
];

describe('SMTP clients → mailscope serve', () => {
  for (const c of CASES) {
    const name = `${c.client}: ${c.kind} over ${c.transport}${c.auth ? ` with AUTH ${c.auth.method ?? '(client default)'}` : ''}`;
    it.skipIf(!HAVE[c.client])(name, async () => {
      const tag = `${c.client}-${c.transport}${c.auth ? '-auth' : ''}`;
      const s = await sample(c.kind, tag);
      const sent = await send(c, s);
      const detail = await findStored(`[${tag}] ${c.kind}`);
      const raw = await serve.bytes(`/api/messages/${detail.summary.id}/raw`);
      expect(raw.equals(sent), `stored bytes differ from what ${c.client} sent`).toBe(true);
      expect(detail.envelope?.mailFrom).toBe(s.from);
      expect(detail.envelope?.rcptTo.map((r) => r.address)).toEqual(s.to);
      if (s.utf8) expect(detail.envelope?.mailFromParams.SMTPUTF8).toBe(true);
      const session = await serve.api<SmtpSession>('GET', `/api/sessions/${detail.summary.sessionId}`);
      expect(session.messageIds).toContain(detail.summary.id);
      expect(session.tls === null).toBe(c.transport === 'plain');
      if (session.tls) expect(session.tls.implicit).toBe(c.transport === 'tls');
      if (c.auth) {
        expect(session.authUser).toBe(AUTH.user);
        if (c.auth.method) expect(session.authMethod).toBe(c.auth.method);
        expect(JSON.stringify(session)).not.toContain(AUTH.pass);
        expect(JSON.stringify(session)).not.toContain(Buffer.from(AUTH.pass).toString('base64'));
      }
    });
  }

  it('a client that drops mid-DATA leaves nothing behind', async () => {
    const before = (await serve.api<MessagePage>('GET', '/api/messages')).total;
    const { client } = await RawSmtp.open(smtpPort);
    await client.command('EHLO dropper.test');
    await client.command('MAIL FROM:<a@example.test>');
    await client.command('RCPT TO:<b@example.test>');
    expect((await client.command('DATA')).code).toBe(354);
    client.write('Subject: [dropped] never complete\r\n\r\nhalf a body');
    await new Promise((r) => setTimeout(r, 200));
    client.drop();
    await new Promise((r) => setTimeout(r, 300));
    const page = await serve.api<MessagePage>('GET', '/api/messages');
    expect(page.total).toBe(before);
    expect(page.items.some((m) => m.subject.includes('[dropped]'))).toBe(false);
  });

  describe('with a 4 KiB size limit and AUTH required', () => {
    beforeAll(async () => {
      const result = await serve.api<SettingsResult>('PUT', '/api/settings', {
        settings: { maxMessageBytes: 4096, auth: 'required', users: [{ username: 'ci', password: 'correct horse' }] },
      });
      expect(result.status.running).toBe(true);
      // "Any free port" keeps its port across the restart.
      expect(result.status.port).toBe(smtpPort);
      expect(JSON.stringify(result.settings)).not.toContain('correct horse');
    });
    afterAll(async () => {
      await serve.api('PUT', '/api/settings', { settings: { maxMessageBytes: 25 * 1024 * 1024, auth: 'optional' } });
    });

    it('an oversized message gets 552 (swaks) and nothing is stored', async () => {
      const before = (await serve.api<MessagePage>('GET', '/api/messages')).total;
      const big = path.join(dir, 'big.eml');
      writeFileSync(big, `Subject: [oversized]\r\n\r\n${'z'.repeat(10_000)}\r\n`);
      const result = await runTool('swaks', ['--server', `127.0.0.1:${smtpPort}`, '--from', 'a@example.test', '--to', 'b@example.test', '--data', `@${big}`, '-a', 'PLAIN', '-au', 'ci', '-ap', 'correct horse']);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toMatch(/<\*\* +552 /);
      expect((await serve.api<MessagePage>('GET', '/api/messages')).total).toBe(before);
    });

    it('an oversized message gets 552 (Python smtplib)', async () => {
      const big = path.join(dir, 'big2.eml');
      writeFileSync(big, `Subject: [oversized-py]\r\n\r\n${'z'.repeat(10_000)}\r\n`);
      const result = await runTool('python3', [PY_SENDER, '--port', String(smtpPort), '--from', 'a@example.test', '--to', 'b@example.test', '--file', big, '--user', 'ci', '--password', 'correct horse']);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, code: 552 });
    });

    it('a wrong password gets 535 (swaks, Python, curl, nodemailer) and MAIL without AUTH gets 530', async () => {
      const small = path.join(dir, 'small.eml');
      writeFileSync(small, 'Subject: [auth-fail]\r\n\r\nx\r\n');
      const swaks = await runTool('swaks', ['--server', `127.0.0.1:${smtpPort}`, '--from', 'a@example.test', '--to', 'b@example.test', '--data', `@${small}`, '-a', 'LOGIN', '-au', 'ci', '-ap', 'wrong']);
      expect(swaks.stdout).toMatch(/<~?\*\* +535 /);
      const py = await runTool('python3', [PY_SENDER, '--port', String(smtpPort), '--from', 'a@example.test', '--to', 'b@example.test', '--file', small, '--user', 'ci', '--password', 'wrong']);
      expect(JSON.parse(py.stdout)).toMatchObject({ ok: false, code: 535 });
      const curl = await runTool('curl', ['--silent', '--show-error', '--url', `smtp://127.0.0.1:${smtpPort}`, '--mail-from', 'a@example.test', '--mail-rcpt', 'b@example.test', '--upload-file', small, '--user', 'ci:wrong']);
      expect(curl.code).toBe(67); // CURLE_LOGIN_DENIED
      const nm = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true, auth: { user: 'ci', pass: 'wrong' } });
      await expect(nm.sendMail({ from: 'a@example.test', to: 'b@example.test', text: 'x' })).rejects.toMatchObject({ responseCode: 535 });
      nm.close();
      const noAuth = await runTool('python3', [PY_SENDER, '--port', String(smtpPort), '--from', 'a@example.test', '--to', 'b@example.test', '--file', small]);
      expect(JSON.parse(noAuth.stdout)).toMatchObject({ ok: false, code: 530 });
      const page = await serve.api<MessagePage>('GET', '/api/messages');
      expect(page.items.some((m) => m.subject.includes('[auth-fail]'))).toBe(false);
    });

    it('the right password is accepted (curl, CRAM-MD5 via swaks)', async () => {
      const ok = path.join(dir, 'ok.eml');
      writeFileSync(ok, 'Subject: [auth-ok]\r\n\r\nx\r\n');
      const curl = await runTool('curl', ['--silent', '--show-error', '--url', `smtp://127.0.0.1:${smtpPort}`, '--mail-from', 'a@example.test', '--mail-rcpt', 'b@example.test', '--upload-file', ok, '--user', 'ci:correct horse']);
      expect(curl.code, curl.stderr).toBe(0);
      const swaks = await runTool('swaks', ['--server', `127.0.0.1:${smtpPort}`, '--from', 'a@example.test', '--to', 'b@example.test', '--data', `@${ok}`, '-a', 'CRAM-MD5', '-au', 'ci', '-ap', 'correct horse']);
      expect(swaks.code, swaks.stdout).toBe(0);
      const page = await serve.api<MessagePage>('GET', '/api/messages');
      expect(page.items.filter((m) => m.subject === '[auth-ok]')).toHaveLength(2);
    });
  });

  it('the raw byte payload of a dot-stuffed message survives a bare socket too', async () => {
    const s = await sample('8bit', 'raw-socket');
    const { client } = await RawSmtp.open(smtpPort);
    await client.command('EHLO raw.test');
    await client.command(`MAIL FROM:<${s.from}> BODY=8BITMIME`);
    await client.command(`RCPT TO:<${s.to[0]}>`);
    await client.command('DATA');
    client.write(dataPayload(s.raw));
    expect((await client.read()).code).toBe(250);
    await client.quit();
    const detail = await findStored('[raw-socket] 8bit');
    expect((await serve.bytes(`/api/messages/${detail.summary.id}/raw`)).equals(s.raw)).toBe(true);
  });

  it("greets a new connection at once, not after smtp-server's fixed 100 ms early-talker delay", async () => {
    // Apps that open a connection per message paid that delay on every one (greeting-delay.ts).
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const { client, greeting } = await RawSmtp.open(smtpPort);
      times.push(performance.now() - started);
      expect(greeting.code).toBe(220);
      await client.quit();
    }
    times.sort((a, b) => a - b);
    // Unpatched, every greeting takes ≥ 100 ms (a timer); loopback otherwise answers in a few ms.
    expect(times[2]).toBeLessThan(60);
  });
});

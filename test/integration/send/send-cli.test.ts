/**
 * `mailscope send` as a user runs it: the built CLI (dist/host/cli.js) in a
 * child process against loopback servers. Exit codes (0 delivered, 1
 * rejected/failed, 2 bad usage), the live text transcript with explanations,
 * the --json shape, the password only from --pass-env (never echoed), and
 * the optional --data history.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendHistory, SENDS_DB_FILE } from '../../../electron/core/send/send-history';
import { runTool } from '../../support/run-tool';
import { closedPort, selfSigned, startSmtp, type TestServer } from '../../support/send-servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'dist/host/cli.js');
const PASSWORD = 'cli-Pa55word-91c3';
const send = (args: string[], env: NodeJS.ProcessEnv = {}) => runTool(process.execPath, [CLI, 'send', ...args], { timeoutMs: 60_000, env: { ...process.env, ...env } });

let dir: string;
let server: TestServer;
let authServer: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-send-cli-'));
  server = await startSmtp({ refuse: ['nobody@example.test'] });
  authServer = await startSmtp({ tls: await selfSigned(['localhost']), users: { alice: PASSWORD } });
});

afterAll(async () => {
  await Promise.all([server?.close(), authServer?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('mailscope send', () => {
  it('delivers a composed message: exit 0, live transcript on stdout', async () => {
    const r = await send(['--server', `127.0.0.1:${server.port}`, '--from', 'cli@example.test', '--to', 'qa@example.test', '--to', 'qa2@example.test', '--subject', 'From the CLI', '--text', 'Hello']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/TCP +connected to 127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(/C: +RCPT TO:<qa2@example\.test>/);
    expect(r.stdout).toMatch(/S: +250 OK: queued as TEST123/);
    expect(r.stdout).toMatch(/Result: delivered \(queue id TEST123\)/);
    const got = server.messages.at(-1);
    expect(got?.to).toEqual(['qa@example.test', 'qa2@example.test']);
    expect(got?.raw.toString()).toMatch(/Subject: From the CLI/);
  });

  it('sends an .eml unchanged; --json prints one object with status, transcript and explanation', async () => {
    const eml = Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: eml\r\n\r\nbody\r\n');
    const file = path.join(dir, 'm.eml');
    writeFileSync(file, eml);
    const r = await send(['--server', `127.0.0.1:${server.port}`, '--eml', file, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] as string);
    expect(out.status).toBe('delivered');
    expect(out.queueId).toBe('TEST123');
    expect(out.explanation).toMatchObject({ code: 250, category: 'success' });
    expect(out.transcript[0]).toEqual({ t: expect.any(Number), kind: 'info', direction: null, text: expect.stringMatching(/^Sending \d+ bytes/) });
    expect(out.transcript.find((e: { direction: string }) => e.direction === 'C')).toMatchObject({ kind: 'client', text: expect.stringMatching(/^EHLO /) });
    expect(out.transcript.find((e: { direction: string }) => e.direction === 'S')).toMatchObject({ kind: 'server', explanation: expect.objectContaining({ code: 220 }) });
    expect(server.messages.at(-1)?.raw.equals(eml)).toBe(true);
    expect(server.messages.at(-1)?.to).toEqual(['b@example.test']);
  });

  it('exit 1 when refused (explained under the reply) or when the connection fails', async () => {
    const refused = await send(['--server', `127.0.0.1:${server.port}`, '--from', 'a@example.test', '--to', 'nobody@example.test', '--subject', 's', '--text', 't']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/S: +550 5\.1\.1 No such user here\n +↳ /);
    expect(refused.stderr).toMatch(/^mailscope: rejected: /);
    const down = await send(['--server', `127.0.0.1:${await closedPort()}`, '--from', 'a@example.test', '--to', 'b@example.test', '--subject', 's', '--text', 't', '--json']);
    expect(down.code).toBe(1);
    const out = JSON.parse(down.stdout);
    expect(out.status).toBe('failed');
    expect(out.explanation.title).toMatch(/refused/i);
  });

  it('AUTH with the password from --pass-env; the password never appears in the output', async () => {
    const r = await send(['--server', `localhost:${authServer.port}`, '--security', 'starttls-required', '--allow-invalid-cert', '--user', 'alice', '--pass-env', 'MS_TEST_PASS', '--auth', 'LOGIN', '--from', 'a@example.test', '--to', 'b@example.test', '--subject', 's', '--text', 't'], { MS_TEST_PASS: PASSWORD });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/C: +AUTH LOGIN\n/);
    expect(r.stdout).toMatch(/WARNING: the certificate is not trusted/);
    const all = r.stdout + r.stderr;
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  });

  it('exit 2 for bad usage, including --pass on the command line', async () => {
    const cases: [string[], RegExp][] = [
      [['--server', 'h', '--pass', 'secret', '--subject', 's'], /--pass is refused/],
      [['--to', 'a@b.test', '--subject', 's'], /exactly one of --server/],
      [['--server', 'h', '--mx', '--subject', 's'], /exactly one of --server/],
      [['--server', 'h'], /--eml FILE or --subject/],
      [['--server', 'h', '--security', 'ssl', '--subject', 's'], /--security must be/],
      [['--server', 'h', '--user', 'u', '--subject', 's'], /--pass-env/],
      [['--server', 'h', '--user', 'u', '--pass-env', 'MS_UNSET_VAR_X', '--subject', 's'], /is not set/],
      [['--server', 'h:99999', '--subject', 's'], /not a port/],
      [['--server', 'h', '--subject', 's', '--to', 'a@b.test'], /needs --from/],
      [['--server', 'h', '--eml', path.join(dir, 'missing.eml')], /Cannot read --eml/],
      [['--server', 'h', '--bogus'], /Unknown option --bogus/],
    ];
    for (const [args, message] of cases) {
      const r = await send(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toContain('secret');
    }
    const help = await send(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--pass-env VAR/);
  });

  it('--data DIR keeps the send in that workspace’s history; without it nothing is written', async () => {
    const ws = path.join(dir, 'ws');
    const r = await send(['--server', `127.0.0.1:${server.port}`, '--from', 'a@example.test', '--to', 'b@example.test', '--subject', 'kept', '--text', 't', '--data', ws, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const history = new SendHistory(path.join(ws, SENDS_DB_FILE));
    try {
      const record = history.get(out.historyId);
      expect(record).toMatchObject({ status: 'delivered', subject: 'kept', queueId: 'TEST123', sourceLabel: 'CLI composed' });
      expect(record?.transcript.length).toBe(out.transcript.length);
    } finally {
      history.close();
    }
    expect(readFileSync(path.join(ws, SENDS_DB_FILE)).length).toBeGreaterThan(0);
    // Without --data even the default workspace is left alone.
    const untouched = path.join(dir, 'default-ws');
    const plain = await send(['--server', `127.0.0.1:${server.port}`, '--from', 'a@example.test', '--to', 'b@example.test', '--subject', 'not kept', '--text', 't'], { MAILSCOPE_DATA_DIR: untouched });
    expect(plain.code).toBe(0);
    expect(existsSync(untouched)).toBe(false);
  });
});

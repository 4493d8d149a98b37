/**
 * Redaction, checked the only way that proves it: send with known secrets
 * through every AUTH method (PLAIN, LOGIN, CRAM-MD5 against the capture
 * server itself, all four incl. XOAUTH2 against a second loopback server, and
 * a wrong password), save a profile with a secret, then search EVERY byte
 * that could hold one — every file in the workspace (databases and their
 * WAL, before and after close), every API response and event, the exported
 * transcripts and everything written to stderr — for each secret in clear,
 * URL-encoded, base64, and inside the base64 PLAIN / XOAUTH2 payloads.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../shared/api/events';
import type { SendAuthMethod, SendTarget } from '../../../shared/model/send';
import { createCore } from '../../../electron/core/create-core';
import type { Core } from '../../../electron/core/core';
import { DEFAULT_TARGET } from '../../../electron/core/send/target-checks';
import { selfSigned, startSmtp, type TestServer } from '../../support/send-servers';

const PASSWORD = 'Tr0ub4dor&3-pw-8c1f';
const TOKEN = 'ya29.tok-EXAMPLE-77ab9e';
const WRONG = 'wr0ng-Passw0rd-5d2e';
const PROFILE_SECRET = 'pr0file-S3cret-41aa';
const USER = 'alice@example.test';
const SECRETS = [PASSWORD, TOKEN, WRONG, PROFILE_SECRET];

/** Every encoding under which a secret could sit in a file or a response. */
function forms(secret: string): Buffer[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const strings = [secret, encodeURIComponent(secret), b64(secret), b64(`\u0000${USER}\u0000${secret}`), b64(`${USER}\u0000${USER}\u0000${secret}`), b64(`user=${USER}\u0001auth=Bearer ${secret}\u0001\u0001`), JSON.stringify(secret).slice(1, -1)];
  return [...new Set(strings)].flatMap((s) => [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le')]);
}

function findSecrets(bytes: Buffer, where: string): string[] {
  const hits: string[] = [];
  for (const secret of SECRETS) for (const form of forms(secret)) if (bytes.includes(form)) hits.push(`${where}: ${JSON.stringify(form.toString('utf8').slice(0, 40))} (secret ${JSON.stringify(secret)})`);
  return hits;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

let dir: string;
let core: Core;
let capturePort: number;
let other: TestServer;
const responses: unknown[] = [];
const events: CoreEvent[] = [];
const stderr: string[] = [];
const originalWrite = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-redact-'));
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stderr.push(Buffer.from(chunk as never).toString('utf8'));
    return (originalWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  core = await createCore({ dataDir: path.join(dir, 'ws'), version: '0.0.0-test', captureOverrides: { port: 0 } });
  core.subscribe((event) => events.push(event));
  capturePort = (await core.getStatus({})).capture.port;
  other = await startSmtp({ tls: await selfSigned(['localhost']), users: { [USER]: PASSWORD, 'token-user': TOKEN } });
});

afterAll(async () => {
  process.stderr.write = originalWrite;
  await other?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sendWith(port: number, method: Exclude<SendAuthMethod, 'none'>, secret: string, user = USER): Promise<{ status: string; id: number }> {
  const target: SendTarget = { ...DEFAULT_TARGET, host: 'localhost', port, security: 'starttls-required', allowInvalidCertificate: true, authMethod: method, user };
  const started = await core.sendMessage({ source: { kind: 'compose', from: 'a@example.test', to: ['b@example.test'], cc: [], bcc: [], subject: `AUTH ${method}`, text: 'redaction test', html: '', attachments: [], headers: [] }, envelope: null, target, secret, dkim: null });
  responses.push(started);
  for (let i = 0; i < 500; i++) {
    const done = events.find((e): e is Extract<CoreEvent, { type: 'send.finished' }> => e.type === 'send.finished' && e.send.id === started.sendId);
    if (done) return { status: done.send.status, id: started.sendId };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('send did not finish');
}

describe('no secret reaches any stored byte, response, export or log', () => {
  it('sends through every AUTH method, then finds no form of any secret anywhere', async () => {
    const outcomes: Record<string, string> = {};
    for (const method of ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const) outcomes[`capture ${method}`] = (await sendWith(capturePort, method, PASSWORD)).status;
    for (const method of ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const) outcomes[`other ${method}`] = (await sendWith(other.port, method, PASSWORD)).status;
    outcomes['other XOAUTH2'] = (await sendWith(other.port, 'XOAUTH2', TOKEN, 'token-user')).status;
    outcomes['other wrong PLAIN'] = (await sendWith(other.port, 'PLAIN', WRONG)).status;
    outcomes['other wrong LOGIN'] = (await sendWith(other.port, 'LOGIN', WRONG)).status;
    expect(outcomes).toEqual({
      'capture PLAIN': 'delivered',
      'capture LOGIN': 'delivered',
      'capture CRAM-MD5': 'delivered',
      'other PLAIN': 'delivered',
      'other LOGIN': 'delivered',
      'other CRAM-MD5': 'delivered',
      'other XOAUTH2': 'delivered',
      'other wrong PLAIN': 'rejected',
      'other wrong LOGIN': 'rejected',
    });
    // The servers really got the secrets (the test would prove nothing otherwise).
    expect(other.auths.filter((a) => a.ok).map((a) => a.method).sort()).toEqual(['CRAM-MD5', 'LOGIN', 'PLAIN', 'XOAUTH2']);

    // A profile with a secret, used for a send.
    const profile = await core.saveSendProfile({ name: 'p', target: { ...DEFAULT_TARGET, host: 'localhost', port: other.port, security: 'starttls', allowInvalidCertificate: true, authMethod: 'PLAIN', user: USER }, secret: PROFILE_SECRET });
    responses.push(profile, await core.listSendProfiles({}));

    // Every API response the send feature has.
    const list = await core.listSends({ limit: 1000 });
    responses.push(list);
    const exports: Buffer[] = [];
    for (const item of list.items) {
      responses.push(await core.getSend({ id: item.id }));
      exports.push(Buffer.from((await core.exportSendTranscript({ id: item.id })).bytes));
    }
    await core.idle();
    for (const session of (await core.listSessions({ limit: 1000 })).items) responses.push(await core.getSession({ id: session.id }));

    const hits = [
      ...findSecrets(Buffer.from(JSON.stringify(responses)), 'API responses'),
      ...findSecrets(Buffer.from(JSON.stringify(events)), 'events'),
      ...exports.flatMap((bytes, i) => findSecrets(bytes, `export ${i}`)),
      ...filesUnder(dir).flatMap((file) => findSecrets(readFileSync(file), `file (open) ${path.relative(dir, file)}`)),
    ];
    const walFiles = filesUnder(dir).filter((f) => f.endsWith('-wal'));
    expect(walFiles.length).toBeGreaterThan(0);
    await core.close();
    hits.push(...filesUnder(dir).flatMap((file) => findSecrets(readFileSync(file), `file (closed) ${path.relative(dir, file)}`)));
    hits.push(...findSecrets(Buffer.from(stderr.join('')), 'stderr'));
    expect(hits).toEqual([]);
    // Control: the search does find a secret where one is (nodemailer's own masking would hide a broken one of ours).
    expect(findSecrets(Buffer.from(`x${Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString('base64')}y`), 'control')).toHaveLength(1);
    // The AUTH lines are there, masked.
    const allText = JSON.stringify(responses);
    expect(allText).toContain('AUTH PLAIN ********');
    expect(allText).toContain('AUTH XOAUTH2 ********');
  });
});

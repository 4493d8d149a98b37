/**
 * The send routes over the real HTTP + WebSocket adapter (startHost, token
 * and all): start a send with AUTH to the capture server itself, watch its
 * lines arrive on /ws as they happen, read it back, export the transcript,
 * save a profile with an opted-in secret — and no byte of any HTTP body or
 * WebSocket message carries the password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../../../electron/host/start-host';
import { DEFAULT_TARGET } from '../../../electron/core/send/target-checks';
import { callApi, type ApiReply } from '../../support/api-call';
import { openEventSocket } from '../../support/event-socket';

const SECRET = 'http-S3cret-pw-77e1';
let dir: string;
let host: HostHandle;
const wire: string[] = [];

async function api(method: string, route: string, body?: unknown): Promise<ApiReply> {
  const reply = await callApi(host, method, route, body);
  wire.push(reply.text);
  return reply;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-send-http-'));
  host = await startHost({ dataDir: path.join(dir, 'ws'), smtpPort: 0, forceStartCapture: true, log: () => undefined });
});

afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('send routes over HTTP and /ws', () => {
  it('POST /api/sends, live send.step on /ws, GET the record and its text transcript, profiles — no secret on the wire', async () => {
    const messages: { type: string; sendId?: number; entry?: { kind: string; text: string }; send?: { id: number; status: string } }[] = [];
    const socket = await openEventSocket<(typeof messages)[number]>(host.origin, host.token, (event) => messages.push(event), (text) => wire.push(text));

    const target = { ...DEFAULT_TARGET, host: 'localhost', port: host.smtpPort as number, security: 'starttls-required', allowInvalidCertificate: true, authMethod: 'PLAIN', user: 'qa@example.test' };
    const started = await api('POST', '/api/sends', { source: { kind: 'compose', from: 'a@example.test', to: ['b@example.test'], cc: [], bcc: [], subject: 'over http', text: 'hi', html: '', attachments: [], headers: [] }, envelope: null, target, secret: SECRET, dkim: null });
    expect(started.status).toBe(200);
    const { sendId } = JSON.parse(started.text) as { sendId: number };
    for (let i = 0; i < 500 && !messages.some((m) => m.type === 'send.finished' && m.send?.id === sendId); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close();

    const steps = messages.filter((m) => m.type === 'send.step' && m.sendId === sendId);
    expect(messages.find((m) => m.type === 'send.started')).toBeTruthy();
    expect(steps.map((m) => m.entry?.text)).toContain('AUTH PLAIN ********');
    expect(messages.find((m) => m.type === 'send.finished')?.send?.status).toBe('delivered');

    const record = await api('GET', `/api/sends/${sendId}`);
    expect(JSON.parse(record.text)).toMatchObject({ id: sendId, status: 'delivered', transcript: expect.any(Array) });
    expect(JSON.parse(record.text).transcript).toHaveLength(steps.length);
    const text = await api('GET', `/api/sends/${sendId}/transcript`);
    expect(text.type).toMatch(/^text\/plain/);
    expect(text.text).toMatch(/C: +AUTH PLAIN \*{8}/);
    expect(JSON.parse((await api('GET', '/api/sends')).text).items[0].id).toBe(sendId);

    const bad = await api('POST', '/api/sends', { source: { kind: 'eml', name: 'x', rawBase64: 'AAAA' }, envelope: null, target: { ...target, port: 'x' }, secret: SECRET, dkim: null });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/target\.port/) });

    const saved = await api('POST', '/api/send-profiles', { name: 'capture', target, secret: SECRET, persistSecret: true });
    expect(JSON.parse(saved.text)).toMatchObject({ hasSecret: true, secretStorage: 'file', warning: expect.stringMatching(/UNENCRYPTED/) });
    const viaProfile = await api('POST', '/api/sends', { source: { kind: 'compose', from: 'a@example.test', to: ['b@example.test'], cc: [], bcc: [], subject: 'via profile', text: 'hi', html: '', attachments: [], headers: [] }, envelope: null, target: { profileId: JSON.parse(saved.text).id }, secret: null, dkim: null });
    expect(viaProfile.status).toBe(200);
    expect((await api('GET', '/api/send-profiles')).text).toContain('"hasSecret":true');

    const all = wire.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(all).not.toContain(Buffer.from(`\u0000qa@example.test\u0000${SECRET}`).toString('base64'));
  });
});

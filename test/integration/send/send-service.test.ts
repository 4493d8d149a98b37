/**
 * The send service inside a real core (createCore on a temp workspace, the
 * capture server on a free loopback port) sending to that capture server:
 * composed messages, .eml uploads and stored messages replayed raw and
 * edited arrive byte for byte as sent; events stream the transcript live;
 * the history keeps it (also across a restart); transcripts export as text;
 * DKIM signing verifies end to end in the analyzer against an in-memory zone.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../shared/api/events';
import type { SendRequest, SendSummary, SendTarget } from '../../../shared/model/send';
import { createCore } from '../../../electron/core/create-core';
import type { Core } from '../../../electron/core/core';
import { verifyMessage } from '../../../electron/core/analysis/verify';
import { createZoneSource } from '../../../electron/core/analysis/zone-source';
import { DEFAULT_TARGET } from '../../../electron/core/send/target-checks';
import { startStallingServer } from '../../support/send-servers';

let dir: string;
let core: Core;
let port: number;
let events: CoreEvent[];

async function open(): Promise<void> {
  core = await createCore({ dataDir: path.join(dir, 'ws'), version: '0.0.0-test', captureOverrides: { port: 0 } });
  const status = await core.getStatus({});
  if (!status.capture.running) throw new Error(`capture did not start: ${status.capture.error}`);
  port = status.capture.port;
  events = [];
  core.subscribe((event) => events.push(event));
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-send-'));
  await open();
});

afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const captureTarget = (): SendTarget => ({ ...DEFAULT_TARGET, host: '127.0.0.1', port, security: 'none', helo: 'workbench.test' });

/** Start a send and wait for its send.finished event. */
async function sendAndWait(request: Omit<SendRequest, 'target' | 'secret' | 'dkim'> & Partial<Pick<SendRequest, 'target' | 'secret' | 'dkim'>>): Promise<SendSummary> {
  const { sendId } = await core.sendMessage({ target: captureTarget(), secret: null, dkim: null, ...request });
  for (let i = 0; i < 500; i++) {
    const finished = events.find((e): e is Extract<CoreEvent, { type: 'send.finished' }> => e.type === 'send.finished' && e.send.id === sendId);
    if (finished) return finished.send;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`send ${sendId} did not finish`);
}

async function newestRaw(): Promise<Buffer> {
  await core.idle();
  const page = await core.listMessages({ limit: 1 });
  const id = page.items[0]?.id;
  if (!id) throw new Error('nothing captured');
  return Buffer.from((await core.getRawMessage({ id })).bytes);
}

const EML = Buffer.from(
  'From: Replay <replay@example.test>\r\nTo: qa@example.test\r\nSubject: =?UTF-8?Q?caf=C3=A9?= replay\r\nMessage-ID: <r1@example.test>\r\nX-Trace: keep me\r\n\r\nBody line one\r\n.leading dot line\r\n\r\n',
);

describe('send service → capture server', () => {
  it('sends a composed message: events in order, complete transcript, history, export', async () => {
    const summary = await sendAndWait({
      source: { kind: 'compose', from: 'dev@example.test', to: ['qa@example.test'], cc: ['cc@example.test'], bcc: ['hidden@example.test'], subject: 'Composed', text: 'Hello text', html: '<p>Hello</p>', attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('attached').toString('base64') }], headers: [{ name: 'X-Campaign', value: 'spring' }] },
      envelope: null,
    });
    expect(summary.status).toBe('delivered');
    expect(summary.envelope).toEqual({ from: 'dev@example.test', to: ['qa@example.test', 'cc@example.test', 'hidden@example.test'] });
    expect(summary.queueId).toMatch(/^\d+$/);
    expect(summary.subject).toBe('Composed');
    expect(summary.timings.connectMs).not.toBeNull();

    const types = events.map((e) => e.type);
    expect(types[0]).toBe('send.started');
    expect(types.indexOf('send.finished')).toBeGreaterThan(types.lastIndexOf('send.step'));
    const record = await core.getSend({ id: summary.id });
    const steps = events.filter((e): e is Extract<CoreEvent, { type: 'send.step' }> => e.type === 'send.step').map((e) => e.entry);
    expect(steps).toEqual(record.transcript);
    const texts = record.transcript.map((e) => `${e.kind} ${e.text}`);
    for (const expected of [/^tcp connected to 127\.0\.0\.1:\d+ from/, /^server 220 /, /^client EHLO workbench\.test$/, /^client MAIL FROM:<dev@example\.test>/, /^client RCPT TO:<hidden@example\.test>/, /^client DATA$/, /^server 354/, /^server 250 OK: stored as message \d+/, /^info Result: delivered/]) {
      expect(texts.some((t) => expected.test(t)), String(expected)).toBe(true);
    }
    expect(record.sourceLabel).toBe('composed');

    const raw = await newestRaw();
    expect(raw.toString()).toMatch(/X-Campaign: spring/);
    expect(raw.toString()).not.toMatch(/hidden@example\.test/);
    expect(raw.length).toBe(summary.size);

    const exported = await core.exportSendTranscript({ id: summary.id });
    const text = Buffer.from(exported.bytes).toString('utf8');
    expect(exported.contentType).toMatch(/^text\/plain/);
    expect(text).toMatch(/DELIVERED/);
    expect(text).toMatch(/C: +EHLO workbench\.test/);
    expect((await core.listSends({})).items[0]?.id).toBe(summary.id);
  });

  it('an uploaded .eml and a stored message replayed raw arrive byte for byte; edited replays change only the headers', async () => {
    const upload = await sendAndWait({ source: { kind: 'eml', name: 'replay.eml', rawBase64: EML.toString('base64') }, envelope: null });
    expect(upload.status).toBe('delivered');
    expect(upload.envelope).toEqual({ from: 'replay@example.test', to: ['qa@example.test'] });
    const first = await newestRaw();
    expect(first.equals(EML)).toBe(true);
    const storedId = (await core.listMessages({ limit: 1 })).items[0]!.id;

    // Raw replay: the envelope comes from the capture, overridden here.
    const replay = await sendAndWait({ source: { kind: 'stored', id: storedId, mode: 'raw', headerEdits: [] }, envelope: { from: 'bounce@example.test', to: ['other@example.test'] } });
    expect(replay.status).toBe('delivered');
    expect(replay.envelope).toEqual({ from: 'bounce@example.test', to: ['other@example.test'] });
    expect((await newestRaw()).equals(EML)).toBe(true);
    expect((await core.getSend({ id: replay.id })).sourceLabel).toBe(`captured #${storedId} (raw)`);

    const edited = await sendAndWait({
      source: { kind: 'stored', id: storedId, mode: 'edited', headerEdits: [{ op: 'set', name: 'Subject', value: 'Edited ✓' }, { op: 'remove', name: 'X-Trace', value: '' }, { op: 'add', name: 'X-Replay', value: '1' }] },
      envelope: null,
    });
    expect(edited.status).toBe('delivered');
    const editedRaw = (await newestRaw()).toString('utf8');
    expect(editedRaw).toMatch(/^X-Replay: 1\r\n/);
    expect(editedRaw).toMatch(/\r\nSubject: Edited =\?UTF-8\?Q\?=E2=9C=93\?=\r\n/);
    expect(editedRaw).not.toMatch(/X-Trace/);
    expect(editedRaw.endsWith('\r\n\r\nBody line one\r\n.leading dot line\r\n\r\n')).toBe(true);
    expect(edited.envelope).toEqual({ from: 'replay@example.test', to: ['qa@example.test'] });
  });

  it('DKIM-signs on send; the analyzer verifies the captured copy against the public key → pass', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const summary = await sendAndWait({
      source: { kind: 'compose', from: 'signer@example.test', to: ['qa@example.test'], cc: [], bcc: [], subject: 'Signed', text: 'Signed body\n', html: '', attachments: [], headers: [] },
      envelope: null,
      dkim: { domain: 'example.test', selector: 'sel1', privateKeyPem: pem },
    });
    expect(summary.status).toBe('delivered');
    const raw = await newestRaw();
    expect(raw.toString()).toMatch(/^DKIM-Signature: /);
    const zone = createZoneSource({ 'sel1._domainkey.example.test': [{ type: 'TXT', data: [`v=DKIM1; k=rsa; p=${spki}`] }] });
    const verification = await verifyMessage(raw, { dns: zone });
    expect(verification.dkim).toHaveLength(1);
    expect(verification.dkim[0]?.result).toBe('pass');
    // The key never reaches the history.
    expect(JSON.stringify(await core.getSend({ id: summary.id }))).not.toContain(pem.split('\n')[1]);
  });

  it('cancelSend stops a running send; getSend shows the live transcript meanwhile', async () => {
    const stall = await startStallingServer();
    try {
      const { sendId } = await core.sendMessage({ source: { kind: 'eml', name: 'x.eml', rawBase64: EML.toString('base64') }, envelope: null, target: { ...captureTarget(), port: stall.port, timeouts: { connectMs: 5000, greetingMs: 5000, socketMs: 30_000 } }, secret: null, dkim: null });
      for (let i = 0; i < 200 && !events.some((e) => e.type === 'send.step' && e.entry.kind === 'client'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const live = await core.getSend({ id: sendId });
      expect(live.status).toBe('running');
      expect(live.transcript.some((e) => e.text.startsWith('220 stall.test'))).toBe(true);
      expect((await core.listSends({})).items[0]).toMatchObject({ id: sendId, status: 'running' });
      const started = Date.now();
      const cancelled = await core.cancelSend({ sendId });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(cancelled).toMatchObject({ id: sendId, status: 'failed', explanation: expect.objectContaining({ title: 'Cancelled' }) });
      expect((await core.getSend({ id: sendId })).status).toBe('failed');
    } finally {
      await stall.close();
    }
  });

  it('refuses bad requests with field-named errors', async () => {
    await expect(core.sendMessage({ source: { kind: 'compose', from: '', to: ['a@b.test'], cc: [], bcc: [], subject: '', text: '', html: '', attachments: [], headers: [] }, envelope: null, target: captureTarget(), secret: null, dkim: null })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(core.sendMessage({ source: { kind: 'stored', id: 999, mode: 'raw', headerEdits: [] }, envelope: null, target: captureTarget(), secret: null, dkim: null })).rejects.toMatchObject({ code: 'not_found' });
    await expect(core.sendMessage({ source: { kind: 'eml', name: 'x', rawBase64: EML.toString('base64') }, envelope: null, target: { ...captureTarget(), security: 'bogus' as never }, secret: null, dkim: null })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/target\.security/) });
    await expect(core.getSend({ id: 12345 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps the history across a restart; profiles round-trip without their secret', async () => {
    const summary = await sendAndWait({ source: { kind: 'eml', name: 'replay.eml', rawBase64: EML.toString('base64') }, envelope: null });
    const profile = await core.saveSendProfile({ name: 'Capture', target: captureTarget(), secret: 'profile-secret-123', persistSecret: false });
    expect(profile).toMatchObject({ name: 'Capture', hasSecret: true, secretStorage: 'memory' });
    expect(profile.warning).toMatch(/memory/);
    expect(JSON.stringify(profile)).not.toContain('profile-secret-123');
    // A send through the profile.
    const viaProfile = await sendAndWait({ source: { kind: 'eml', name: 'replay.eml', rawBase64: EML.toString('base64') }, envelope: null, target: { profileId: profile.id } });
    expect(viaProfile.status).toBe('delivered');

    await core.close();
    await open();
    const again = await core.getSend({ id: summary.id });
    expect(again.status).toBe('delivered');
    expect(again.transcript.length).toBeGreaterThan(5);
    const profiles = await core.listSendProfiles({});
    // Memory secrets do not survive a restart, and the profile says so.
    expect(profiles).toEqual([expect.objectContaining({ id: profile.id, hasSecret: false, secretStorage: 'none' })]);
    expect((await core.deleteSendProfile({ id: profile.id })).deleted).toBe(1);
  });
});

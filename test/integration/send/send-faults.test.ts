/**
 * The send engine against the capture server's fault rules: for each stage
 * and code, the status (deferred / rejected / failed), the explanation of the
 * reply that decided it, the per-recipient results and the transcript lines
 * — what a support engineer replaying into a failing server sees.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendTarget } from '../../../shared/model/send';
import type { FaultAction, FaultRule, FaultStage } from '../../../shared/model/faults';
import type { Core } from '../../../electron/core/core';
import { runSend } from '../../../electron/core/send/send-engine';
import { tableSendDns } from '../../../electron/core/send/send-dns';
import { DEFAULT_TARGET } from '../../../electron/core/send/target-checks';
import { openCore, rule, settings } from '../faults/fault-harness';

let dir: string;
let core: Core;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-send-faults-'));
  ({ core, port } = await openCore(dir));
});

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

const RAW = Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: faults\r\n\r\nbody\r\n');

async function sendWith(stage: FaultStage, action: FaultAction, to = ['b@example.test'], extra: Partial<FaultRule> = {}) {
  await core.setFaults({ faults: settings([rule({ stage, action, ...extra })]) });
  const target: SendTarget = { ...DEFAULT_TARGET, host: '127.0.0.1', port, security: 'none', timeouts: { connectMs: 3000, greetingMs: 3000, socketMs: 3000 } };
  return runSend({ target, secret: null, envelope: { from: 'a@example.test', to }, raw: RAW }, { dns: tableSendDns({}) });
}

const reply = (code: number, enhanced: string, text: string): FaultAction => ({ kind: 'reply', code, enhanced, text });

describe('send engine vs capture-server fault rules', () => {
  it.each([
    ['connect', reply(421, '4.7.0', 'Try again later'), 'deferred', 421],
    ['connect', reply(554, '5.7.1', 'No SMTP service here'), 'rejected', 554],
    ['mail', reply(451, '4.7.1', 'Greylisted, please retry'), 'deferred', 451],
    ['mail', reply(550, '5.7.1', 'Sender rejected'), 'rejected', 550],
    ['rcpt', reply(450, '4.2.1', 'Mailbox busy'), 'deferred', 450],
    ['rcpt', reply(550, '5.1.1', 'No such user here'), 'rejected', 550],
    ['after-data', reply(552, '5.3.4', 'Message too big'), 'rejected', 552],
    ['after-data', reply(451, '4.3.0', 'Local error'), 'deferred', 451],
  ] as const)('%s %o → %s, explained', async (stage, action, status, code) => {
    const result = await sendWith(stage, action);
    expect(result.status).toBe(status);
    expect(result.explanation.code).toBe(code);
    expect(result.explanation.fix).toBeTruthy();
    const line = result.transcript.find((e) => e.kind === 'server' && e.text.startsWith(String(code)));
    expect(line?.explanation?.code).toBe(code);
    expect(result.recipients.every((r) => !r.accepted)).toBe(true);
    expect(result.queueId).toBeNull();
  });

  it('a refusal for one recipient only: the other is delivered, the send is marked rejected with per-recipient results', async () => {
    const result = await sendWith('rcpt', reply(550, '5.1.1', 'No such user here'), ['good@example.test', 'gone@example.test'], { recipient: 'gone@example.test' });
    expect(result.status).toBe('rejected');
    expect(result.recipients).toEqual([
      { address: 'good@example.test', accepted: true, reply: expect.stringMatching(/^250 /) },
      { address: 'gone@example.test', accepted: false, reply: expect.stringMatching(/^550 5\.1\.1/) },
    ]);
    expect(result.queueId).toMatch(/^\d+$/);
  });

  it('a dropped connection after DATA: failed, explained as a connection failure', async () => {
    const result = await sendWith('after-data', { kind: 'drop' });
    expect(result.status).toBe('failed');
    expect(result.explanation.category).toBe('connection');
    expect(result.transcript.some((e) => e.kind === 'error')).toBe(true);
  });

  it('a slow server (delay at RCPT) still delivers, and the timing shows it', async () => {
    const result = await sendWith('rcpt', { kind: 'delay', ms: 300 });
    expect(result.status).toBe('delivered');
    expect(result.timings.dataMs).toBeGreaterThanOrEqual(250);
  });
});

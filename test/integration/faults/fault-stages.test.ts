/**
 * Fault rules at every SMTP stage, against the real core over loopback with
 * nodemailer as the client: the client must see the configured reply as the
 * error of the right command (nodemailer's `command` and `responseCode`), the
 * transcript must name the rule just before the S: line carrying the reply,
 * and nothing may be stored.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import type { FaultAction, FaultStage } from '../../../shared/model/faults';
import { lines, rule, send, sessionSince, settings, useFaultCore } from './fault-harness';

let core: Core;
let port: number;
useFaultCore('mailscope-faults-', (opened) => ({ core, port } = opened));

interface StageCase {
  stage: FaultStage;
  code: number;
  enhanced: string;
  text: string;
  /** nodemailer's error: code and command. */
  error: string;
  command: string;
  /** Send with AUTH (for the AUTH stage). */
  auth?: boolean;
}

const CASES: StageCase[] = [
  { stage: 'connect', code: 554, enhanced: '5.7.1', text: 'No SMTP service here', error: 'EPROTOCOL', command: 'CONN' },
  { stage: 'connect', code: 421, enhanced: '4.7.0', text: 'Too busy, try later', error: 'EPROTOCOL', command: 'CONN' },
  // A refused EHLO makes nodemailer fall back to HELO, which the rule refuses too.
  { stage: 'ehlo', code: 550, enhanced: '5.7.1', text: 'Client host rejected', error: 'EPROTOCOL', command: 'HELO' },
  { stage: 'ehlo', code: 421, enhanced: '4.3.2', text: 'System not accepting network messages', error: 'ECONNECTION', command: 'EHLO' },
  { stage: 'auth', code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid', error: 'EAUTH', command: 'AUTH PLAIN', auth: true },
  { stage: 'auth', code: 454, enhanced: '4.7.0', text: 'Temporary authentication failure', error: 'EAUTH', command: 'AUTH PLAIN', auth: true },
  { stage: 'mail', code: 553, enhanced: '5.1.3', text: 'Sender address rejected', error: 'EENVELOPE', command: 'MAIL FROM' },
  { stage: 'mail', code: 530, enhanced: '5.7.0', text: 'Authentication required', error: 'EENVELOPE', command: 'MAIL FROM' },
  { stage: 'rcpt', code: 550, enhanced: '5.1.1', text: 'No such user here', error: 'EENVELOPE', command: 'RCPT TO' },
  { stage: 'rcpt', code: 450, enhanced: '4.2.1', text: 'Mailbox busy', error: 'EENVELOPE', command: 'RCPT TO' },
  { stage: 'rcpt', code: 451, enhanced: '4.7.1', text: 'Greylisted', error: 'EENVELOPE', command: 'RCPT TO' },
  { stage: 'rcpt', code: 452, enhanced: '4.2.2', text: 'Mailbox full', error: 'EENVELOPE', command: 'RCPT TO' },
  { stage: 'data', code: 554, enhanced: '5.5.1', text: 'No valid recipients', error: 'EENVELOPE', command: 'DATA' },
  { stage: 'after-data', code: 552, enhanced: '5.3.4', text: 'Message too big for system', error: 'EMESSAGE', command: 'DATA' },
  { stage: 'after-data', code: 554, enhanced: '5.7.1', text: 'Message rejected as spam', error: 'EMESSAGE', command: 'DATA' },
  { stage: 'after-data', code: 451, enhanced: '4.3.0', text: 'Temporary failure, try again', error: 'EMESSAGE', command: 'DATA' },
];

const STAGE_WORD: Record<FaultStage, string> = { connect: 'connect', ehlo: 'EHLO', auth: 'AUTH', mail: 'MAIL', rcpt: 'RCPT', data: 'DATA', 'after-data': 'after DATA' };

describe('a reply rule at each stage', () => {
  it.each(CASES)('$stage → $code $enhanced: nodemailer gets $error on $command, the transcript shows the rule, nothing is stored', async (c) => {
    const action: FaultAction = { kind: 'reply', code: c.code, enhanced: c.enhanced, text: c.text };
    await core.setFaults({ faults: settings([rule({ stage: 'rcpt', recipient: 'nobody-matches@x.test', action: { kind: 'reply', code: 550, enhanced: '', text: 'decoy' } }), rule({ stage: c.stage, action })]) });
    const since = Date.now();

    const outcome = await send(port, c.auth ? { auth: { user: 'qa', pass: 'not-a-real-secret' } } : {});

    expect(outcome.ok, JSON.stringify(outcome)).toBe(false);
    expect(outcome.code).toBe(c.error);
    expect(outcome.command).toBe(c.command);
    expect(outcome.responseCode).toBe(c.code);
    expect(outcome.response).toContain(`${c.code} ${c.enhanced} ${c.text}`);

    const session = await sessionSince(core, since);
    const text = lines(session.transcript);
    const applied = text.findIndex((l) => l === `info fault rule #2 applied at ${STAGE_WORD[c.stage]}: ${c.code} ${c.enhanced} ${c.text}`);
    expect(applied, text.join('\n')).toBeGreaterThanOrEqual(0);
    // The reply itself is the next server line.
    const reply = text.slice(applied + 1).find((l) => l.startsWith('server '));
    expect(reply).toBe(`server ${c.code} ${c.enhanced} ${c.text}`);
    if (c.stage === 'after-data') expect(text).toContain('info Message refused by a fault rule; nothing stored.');
    expect(session.messageIds).toEqual([]);
    expect((await core.getStatus({})).messageCount).toBe(0);

    const faults = await core.getFaults({});
    expect(faults.rules.map((r) => r.hits)).toEqual([0, c.stage === 'ehlo' && c.code !== 421 ? 2 : 1]);
  });
});

describe('matching', () => {
  it('applies a recipient rule only to matching recipients; the others are delivered', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'rcpt', recipient: '*@blocked.test', action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user' } })]) });
    const outcome = await send(port, { to: ['ok@fine.test', 'gone@BLOCKED.test'] });
    expect(outcome.ok).toBe(true);
    expect(outcome.accepted).toEqual(['ok@fine.test']);
    expect(outcome.rejected.map((r) => r.toLowerCase())).toEqual(['gone@blocked.test']);
    await core.idle();
    const page = await core.listMessages({});
    expect(page.total).toBe(1);
    const detail = await core.getMessage({ id: page.items[0]!.id });
    expect(detail.envelope?.rcptTo.map((r) => r.address)).toEqual(['ok@fine.test']);
  });

  it('applies a sender rule only to matching senders', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'mail', sender: 'bounces-*@esp.test', action: { kind: 'reply', code: 553, enhanced: '5.7.1', text: 'Sender blocked' } })]) });
    expect((await send(port, { from: 'bounces-42@esp.test' })).responseCode).toBe(553);
    expect((await send(port, { from: 'app@esp.test' })).ok).toBe(true);
  });

  it('uses the first matching enabled rule of the stage; disabled rules and other stages are skipped', async () => {
    await core.setFaults({
      faults: settings([
        rule({ stage: 'rcpt', enabled: false, action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'disabled' } }),
        rule({ stage: 'mail', sender: 'other@x.test', action: { kind: 'reply', code: 553, enhanced: '', text: 'not this sender' } }),
        rule({ stage: 'rcpt', action: { kind: 'reply', code: 452, enhanced: '4.2.2', text: 'first match' } }),
        rule({ stage: 'rcpt', action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'second match' } }),
      ]),
    });
    const outcome = await send(port);
    expect(outcome.responseCode).toBe(452);
    expect(outcome.response).toContain('first match');
    const faults = await core.getFaults({});
    expect(faults.rules.map((r) => r.hits)).toEqual([0, 0, 1, 0]);
  });
});

describe('drops and delays', () => {
  it('drop after DATA: the client sees the connection close without a reply; nothing is stored', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'after-data', action: { kind: 'drop' } })]) });
    const since = Date.now();
    const outcome = await send(port);
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('ECONNECTION');
    expect(outcome.responseCode).toBeUndefined();
    const session = await sessionSince(core, since);
    const text = lines(session.transcript);
    expect(text, text.join('\n')).toContain('info fault rule #1 applied at after DATA: drop the connection');
    expect(text).toContain('info Message dropped by a fault rule; nothing stored.');
    // No reply after the data: the last server line is the 354.
    expect(text.filter((l) => l.startsWith('server ')).at(-1)).toMatch(/^server 354 /);
    await core.idle();
    expect((await core.getStatus({})).messageCount).toBe(0);
  });

  it('drop at connect: no greeting, the connection closes', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'connect', action: { kind: 'drop' } })]) });
    const outcome = await send(port);
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('ECONNECTION');
    expect(outcome.command).toBe('CONN');
  });

  it('delay at connect holds the greeting, then the message is delivered', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'connect', action: { kind: 'delay', ms: 1200 } })]) });
    const outcome = await send(port);
    expect(outcome.ok).toBe(true);
    expect(outcome.ms).toBeGreaterThanOrEqual(1150);
    await core.idle();
    expect((await core.getStatus({})).messageCount).toBe(1);
  });

  it('a delayed reply at RCPT waits, then refuses', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'rcpt', action: { kind: 'reply', code: 451, enhanced: '4.4.5', text: 'Slow and busy', delayMs: 800 } })]) });
    const outcome = await send(port);
    expect(outcome.responseCode).toBe(451);
    expect(outcome.ms).toBeGreaterThanOrEqual(750);
  });

  it('a greeting later than the client waits: nodemailer times out', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'connect', action: { kind: 'delay', ms: 3000 } })]) });
    const outcome = await send(port, { greetingTimeout: 500 });
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('ETIMEDOUT');
  });
});

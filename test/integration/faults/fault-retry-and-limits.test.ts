/**
 * Retry testing and rate limits against the real core over loopback:
 * "fail the first 2 attempts then accept" defers two sends of the same
 * sender + recipients and stores the third; the per-client rate limit
 * refuses the MAIL command past the limit with the configured reply.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import { lines, rule, send, sessionSince, settings, useFaultCore } from './fault-harness';

let core: Core;
let port: number;
useFaultCore('mailscope-faults-retry-', (opened) => ({ core, port } = opened));

describe('fail the first N attempts, then accept', () => {
  it('defers the first two attempts of a sender + recipients pair, delivers and stores the third', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'rcpt', failFirst: 2, action: { kind: 'reply', code: 451, enhanced: '4.7.1', text: 'Greylisted, try again' } })]) });
    const first = await send(port, { subject: 'attempt 1' });
    const second = await send(port, { subject: 'attempt 2' });
    // Another pair has its own count: it is deferred on its first attempt.
    const otherPair = await send(port, { to: ['someone-else@rcpt.test'], subject: 'other pair' });
    const since = Date.now();
    const third = await send(port, { subject: 'attempt 3' });

    for (const outcome of [first, second, otherPair]) {
      expect(outcome.ok).toBe(false);
      expect(outcome.responseCode).toBe(451);
      expect(outcome.command).toBe('RCPT TO');
    }
    expect(third.ok).toBe(true);
    await core.idle();
    const page = await core.listMessages({});
    expect(page.items.map((m) => m.subject)).toEqual(['attempt 3']);

    // The accepted attempt says why the rule let it through; hits count the deferrals only.
    const session = await sessionSince(core, since);
    const text = lines(session.transcript);
    const passed = text.indexOf('info fault rule #1 let this attempt through at RCPT: it failed the first 2 already');
    expect(passed, text.join('\n')).toBeGreaterThan(0);
    expect(text[passed + 1]).toMatch(/^server 250 /);
    expect(session.messageIds).toHaveLength(1);
    expect((await core.getFaults({})).rules[0]!.hits).toBe(3);
  });

  it('reset counters starts the count again', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'mail', failFirst: 1, action: { kind: 'reply', code: 450, enhanced: '4.2.0', text: 'Try later' } })]) });
    expect((await send(port)).responseCode).toBe(450);
    expect((await send(port)).ok).toBe(true);
    const reset = await core.resetFaultCounters({});
    expect(reset.rules[0]!.hits).toBe(0);
    expect((await send(port)).responseCode).toBe(450);
  });

  it('an unchanged rule keeps its counters when the configuration is saved again; an edited one starts over', async () => {
    const saved = await core.setFaults({ faults: settings([rule({ stage: 'mail', failFirst: 1, action: { kind: 'reply', code: 450, enhanced: '4.2.0', text: 'Try later' } })]) });
    expect((await send(port)).responseCode).toBe(450);
    const again = await core.setFaults({ faults: saved });
    expect(again.rules[0]!.id).toBe(saved.rules[0]!.id);
    expect(again.rules[0]!.hits).toBe(1);
    expect((await send(port)).ok).toBe(true);
    const edited = await core.setFaults({ faults: { ...again, rules: [{ ...again.rules[0]!, action: { kind: 'reply', code: 451, enhanced: '4.3.0', text: 'Edited' } }] } });
    expect(edited.rules[0]!.hits).toBe(0);
    expect((await send(port)).responseCode).toBe(451);
  });
});

describe('rate limit per client IP', () => {
  it('refuses the MAIL command past N messages in the window with the configured reply, and says so in the transcript', async () => {
    const saved = await core.setFaults({ faults: settings([], { enabled: true, maxMessages: 2, windowSeconds: 60, reply: { code: 421, enhanced: '4.7.0', text: 'Rate limit exceeded, slow down' } }) });
    expect(saved.rateLimit.hits).toBe(0);
    expect((await send(port, { subject: 'one' })).ok).toBe(true);
    expect((await send(port, { subject: 'two' })).ok).toBe(true);
    const since = Date.now();
    const third = await send(port, { subject: 'three' });
    expect(third.ok).toBe(false);
    expect(third.responseCode).toBe(421);
    expect(third.command).toBe('MAIL FROM');
    expect(third.response).toContain('421 4.7.0 Rate limit exceeded, slow down');

    const session = await sessionSince(core, since);
    const text = lines(session.transcript);
    const noted = text.findIndex((l) => l.startsWith('info rate limit applied at MAIL: 421 4.7.0 Rate limit exceeded, slow down (message 3 from 127.0.0.1 within 60 s; the limit is 2)'));
    expect(noted, text.join('\n')).toBeGreaterThanOrEqual(0);
    expect(text[noted + 1]).toBe('server 421 4.7.0 Rate limit exceeded, slow down');

    await core.idle();
    expect((await core.listMessages({})).items.map((m) => m.subject).sort()).toEqual(['one', 'two']);
    expect((await core.getFaults({})).rateLimit.hits).toBe(1);
  });

  it('451 variant: the client over the limit gets through again once the window has moved on', async () => {
    await core.setFaults({ faults: settings([], { enabled: true, maxMessages: 1, windowSeconds: 1, reply: { code: 451, enhanced: '4.7.1', text: 'Too many messages' } }) });
    expect((await send(port)).ok).toBe(true);
    expect((await send(port)).responseCode).toBe(451);
    // The window slides: after a second the client gets through again.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await send(port)).ok).toBe(true);
  });
});

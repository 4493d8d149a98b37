/**
 * The fault API on the real core: a configuration survives a restart of the
 * core (same workspace) and is applied by the new capture server; counters
 * do not survive; bad configurations are refused with messages naming the
 * rule and the problem; faults.changed goes out on saves and (throttled) on
 * hits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import type { CoreEvent } from '../../../shared/api/events';
import type { FaultSettings } from '../../../shared/model/faults';
import { openCore, rule, send, settings } from './fault-harness';

let dir: string;
let core: Core | null = null;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-faults-api-'));
});

afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the call to be refused');
}

describe('fault settings', () => {
  it('survive a restart of the core and are applied by the new capture server; hit counters start at 0', async () => {
    let port: number;
    ({ core, port } = await openCore(dir));
    const saved = await core.setFaults({
      faults: settings([rule({ stage: 'rcpt', recipient: '*@gone.test', action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user' } })], { enabled: true, maxMessages: 50, windowSeconds: 30 }),
    });
    expect(saved.rules[0]!.id).toMatch(/^[0-9a-f]{8}$/);
    expect((await send(port, { to: ['x@gone.test'] })).responseCode).toBe(550);
    expect((await core.getFaults({})).rules[0]!.hits).toBe(1);
    await core.close();

    ({ core, port } = await openCore(dir));
    const reloaded = await core.getFaults({});
    expect(reloaded.rules).toEqual([{ ...saved.rules[0]!, hits: 0 }]);
    expect(reloaded.rateLimit).toMatchObject({ enabled: true, maxMessages: 50, windowSeconds: 30, hits: 0 });
    const outcome = await send(port, { to: ['x@gone.test'] });
    expect(outcome.responseCode).toBe(550);
    expect(outcome.command).toBe('RCPT TO');
  });

  it('refuses bad configurations with messages that name the rule and the problem, and keeps the old one', async () => {
    ({ core } = await openCore(dir));
    const good = await core.setFaults({ faults: settings([rule({ stage: 'mail', action: { kind: 'reply', code: 451, enhanced: '4.3.0', text: 'later' } })]) });
    const bad = (faults: unknown) => refusal(core!.setFaults({ faults: faults as FaultSettings }));

    const twoHundred = await bad(settings([rule({ stage: 'rcpt', action: { kind: 'reply', code: 250, enhanced: '2.0.0', text: 'ok' } })]));
    expect(twoHundred.code).toBe('bad_request');
    expect(twoHundred.message).toContain('Rule 1: 250 is not a failure');

    const classMismatch = await bad(settings([rule({ stage: 'rcpt', action: { kind: 'delay', ms: 10 } }), rule({ stage: 'rcpt', action: { kind: 'reply', code: 550, enhanced: '4.1.1', text: 'x' } })]));
    expect(classMismatch.message).toContain('Rule 2: the enhanced code 4.1.1 is class 4 but the reply code 550 is class 5');

    const longDelay = await bad(settings([rule({ stage: 'data', action: { kind: 'delay', ms: 600_001 } })]));
    expect(longDelay.message).toContain('Rule 1: the delay must be a whole number of milliseconds from 1 to 600000');

    const senderAtConnect = await bad(settings([rule({ stage: 'connect', sender: '*@x.test', action: { kind: 'drop' } })]));
    expect(senderAtConnect.message).toContain('a sender pattern cannot be used at connect');

    const badDrop = await bad(settings([rule({ stage: 'rcpt', action: { kind: 'drop', delayMs: -5 } })]));
    expect(badDrop.message).toContain('Rule 1: the delay must be');

    const missing = await refusal(core.setFaults({} as never));
    expect(missing.message).toContain('{ faults: { rules: [...], rateLimit: {...} } }');

    expect(await core.getFaults({})).toEqual(good);
  });

  it('emits faults.changed on save and reset, and on hits — throttled, ending with the final count', async () => {
    let port: number;
    ({ core, port } = await openCore(dir));
    const events: CoreEvent[] = [];
    core.subscribe((e) => events.push(e));
    await core.setFaults({ faults: settings([rule({ stage: 'rcpt', action: { kind: 'reply', code: 450, enhanced: '4.2.1', text: 'busy' } })]) });
    expect(events.filter((e) => e.type === 'faults.changed')).toHaveLength(1);

    await Promise.all(Array.from({ length: 6 }, () => send(port)));
    const hitsSeen = async () => {
      for (let i = 0; i < 40; i++) {
        const last = events.filter((e) => e.type === 'faults.changed').at(-1);
        if (last?.type === 'faults.changed' && last.faults.rules[0]!.hits === 6) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    expect(await hitsSeen()).toBe(true);
    // Six hits within a few hundred ms: fewer events than hits.
    expect(events.filter((e) => e.type === 'faults.changed').length).toBeLessThan(1 + 6);

    await core.resetFaultCounters({});
    const last = events.at(-1);
    expect(last?.type === 'faults.changed' && last.faults.rules[0]!.hits).toBe(0);
  });
});

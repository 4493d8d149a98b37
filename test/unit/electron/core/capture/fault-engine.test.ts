/**
 * FaultEngine decisions without sockets: pattern matching, first match per
 * stage, "fail the first N" per key, the sliding rate-limit window, and what
 * a save keeps or resets.
 */
import { describe, expect, it } from 'vitest';
import { attemptKey, FaultEngine, patternMatches } from '../../../../../electron/core/capture/fault-engine';
import { DEFAULT_RATE_LIMIT } from '../../../../../shared/faults/fault-rules';
import type { FaultRule } from '../../../../../shared/model/faults';

const reply = (code: number, text = 'x') => ({ kind: 'reply' as const, code, enhanced: '', text });
const rule = (p: Partial<FaultRule> & Pick<FaultRule, 'stage'>): FaultRule => ({ id: '', enabled: true, sender: '', recipient: '', failFirst: 0, hits: 0, action: reply(550), ...p });

describe('patternMatches', () => {
  it('matches whole addresses with * wildcards, case-insensitively', () => {
    expect(patternMatches('', 'anything@x')).toBe(true);
    expect(patternMatches('*@example.com', 'Bob@Example.COM')).toBe(true);
    expect(patternMatches('*@example.com', 'bob@example.com.evil')).toBe(false);
    expect(patternMatches('bob@example.com', 'bob@example.com')).toBe(true);
    expect(patternMatches('bob@example.com', 'xbob@example.com')).toBe(false);
    expect(patternMatches('bounce-*-*@esp.test', 'bounce-1-2@esp.test')).toBe(true);
    expect(patternMatches('bounce-*-*@esp.test', 'bounce-12@esp.test')).toBe(false);
    expect(patternMatches('a*a', 'a')).toBe(false);
    expect(patternMatches('*', '')).toBe(true);
    expect(patternMatches('<>', '')).toBe(true);
    expect(patternMatches('<>', 'a@b')).toBe(false);
  });
});

describe('FaultEngine', () => {
  it('picks the first enabled matching rule of the stage and counts its hits', () => {
    let hits = 0;
    const engine = new FaultEngine(() => hits++);
    engine.set({
      rules: [
        rule({ stage: 'rcpt', enabled: false, action: reply(550, 'off') }),
        rule({ stage: 'mail', action: reply(553) }),
        rule({ stage: 'rcpt', recipient: '*@a.test', action: reply(452, 'a') }),
        rule({ stage: 'rcpt', action: reply(450, 'any') }),
      ],
      rateLimit: DEFAULT_RATE_LIMIT,
    });
    expect(engine.decide('rcpt', { clientAddress: '::1', sender: 's@x', recipients: ['u@a.test'] })?.position).toBe(3);
    expect(engine.decide('rcpt', { clientAddress: '::1', sender: 's@x', recipients: ['u@b.test'] })?.position).toBe(4);
    expect(engine.decide('data', { clientAddress: '::1' })).toBeNull();
    expect(engine.watches('ehlo')).toBe(false);
    expect(engine.get().rules.map((r) => r.hits)).toEqual([0, 0, 1, 1]);
    expect(hits).toBe(2);
  });

  it('fails the first N attempts per key, then lets that key through while others still fail', () => {
    const engine = new FaultEngine();
    engine.set({ rules: [rule({ stage: 'rcpt', failFirst: 2, action: reply(451) })], rateLimit: DEFAULT_RATE_LIMIT });
    const a = { clientAddress: '1.2.3.4', sender: 's@x', recipients: ['a@y'] };
    const b = { clientAddress: '1.2.3.4', sender: 's@x', recipients: ['b@y'] };
    expect(engine.decide('rcpt', a)?.action).toEqual(reply(451));
    expect(engine.decide('rcpt', b)?.action).toEqual(reply(451));
    expect(engine.decide('rcpt', { ...a, sender: 'S@X', recipients: ['A@Y'] })?.action).toEqual(reply(451));
    expect(engine.decide('rcpt', a)?.action).toBeNull();
    expect(engine.decide('rcpt', a)?.action).toBeNull();
    expect(engine.decide('rcpt', b)?.action).not.toBeNull();
    expect(engine.decide('rcpt', b)?.action).toBeNull();
    expect(engine.get().rules[0]!.hits).toBe(4);
  });

  it('keys attempts by what each stage knows', () => {
    const c = { clientAddress: '10.0.0.1', sender: 'S@x', recipients: ['b@y', 'A@y'], user: 'qa' };
    expect(attemptKey('connect', c)).toBe('10.0.0.1');
    expect(attemptKey('auth', c)).toBe('10.0.0.1 qa');
    expect(attemptKey('mail', c)).toBe('s@x');
    expect(attemptKey('data', c)).toBe('s@x a@y,b@y');
  });

  it('rate-limits per client IP in a sliding window; refused commands do not count', () => {
    let now = 1_000_000;
    const engine = new FaultEngine(undefined, () => now);
    engine.set({ rules: [], rateLimit: { ...DEFAULT_RATE_LIMIT, enabled: true, maxMessages: 2, windowSeconds: 10 } });
    expect(engine.rateLimit('a')).toBeNull();
    now += 4000;
    expect(engine.rateLimit('a')).toBeNull();
    expect(engine.rateLimit('b')).toBeNull();
    expect(engine.rateLimit('a')).toMatchObject({ count: 3, maxMessages: 2, windowSeconds: 10 });
    now += 6001; // the first message left the window
    expect(engine.rateLimit('a')).toBeNull();
    expect(engine.rateLimit('a')).not.toBeNull();
    expect(engine.get().rateLimit.hits).toBe(2);
  });

  it('keeps counting right over thousands of messages as the window slides', () => {
    let now = 0;
    const engine = new FaultEngine(undefined, () => now);
    engine.set({ rules: [], rateLimit: { ...DEFAULT_RATE_LIMIT, enabled: true, maxMessages: 3000, windowSeconds: 1 } });
    // 3000 messages over 0.75 s are allowed, the next is refused.
    for (let i = 0; i < 3000; i++) {
      now = i / 4;
      expect(engine.rateLimit('a')).toBeNull();
    }
    expect(engine.rateLimit('a')?.count).toBe(3001);
    // At 1.5 s the 2001 sent at or before 0.5 s have left the window: 999 left, room for 2001 more.
    now = 1500;
    for (let i = 0; i < 2001; i++) expect(engine.rateLimit('a')).toBeNull();
    expect(engine.rateLimit('a')).not.toBeNull();
  });

  it('assigns ids, keeps counters of unchanged rules on save, resets edited ones; resetCounters zeroes all', () => {
    const engine = new FaultEngine();
    const saved = engine.set({ rules: [rule({ stage: 'mail', failFirst: 1 }), rule({ stage: 'rcpt' })], rateLimit: DEFAULT_RATE_LIMIT });
    const [m, r] = saved.rules;
    expect(m!.id).not.toBe(r!.id);
    engine.decide('mail', { clientAddress: 'x', sender: 'a@b' });
    engine.decide('rcpt', { clientAddress: 'x', sender: 'a@b', recipients: ['c@d'] });
    const again = engine.set({ rules: [{ ...m!, hits: 99 }, { ...r!, action: reply(551) }], rateLimit: DEFAULT_RATE_LIMIT });
    expect(again.rules.map((x) => x.hits)).toEqual([1, 0]);
    // The unchanged fail-first rule remembers that a@b already failed once.
    expect(engine.decide('mail', { clientAddress: 'x', sender: 'a@b' })?.action).toBeNull();
    engine.resetCounters();
    expect(engine.get().rules.map((x) => x.hits)).toEqual([0, 0]);
    expect(engine.decide('mail', { clientAddress: 'x', sender: 'a@b' })?.action).not.toBeNull();
  });
});

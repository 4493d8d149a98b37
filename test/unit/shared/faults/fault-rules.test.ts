/**
 * The checks on fault settings (shared by the core and the Faults panel):
 * every preset and the defaults pass; each kind of mistake gets its own
 * message naming the rule.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_PRESETS, ruleFromPreset } from '../../../../shared/faults/fault-presets';
import {
  activeFaultCount,
  DEFAULT_FAULT_SETTINGS,
  describeAction,
  FAULT_REPLY_CODES,
  faultSettingsProblems,
  formatMs,
  ruleProblems,
} from '../../../../shared/faults/fault-rules';
import type { FaultRule } from '../../../../shared/model/faults';

const base: FaultRule = { id: '', enabled: true, stage: 'rcpt', sender: '', recipient: '', failFirst: 0, hits: 0, action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user' } };
const problemsOf = (patch: Partial<FaultRule> | Record<string, unknown>) => ruleProblems({ ...base, ...patch }, 3);

describe('fault settings checks', () => {
  it('accept the defaults, every preset and every offered reply code', () => {
    expect(faultSettingsProblems(DEFAULT_FAULT_SETTINGS)).toEqual([]);
    expect(faultSettingsProblems({ ...DEFAULT_FAULT_SETTINGS, rules: FAULT_PRESETS.map(ruleFromPreset) })).toEqual([]);
    for (const reply of FAULT_REPLY_CODES) expect(problemsOf({ action: { kind: 'reply', ...reply } })).toEqual([]);
  });

  it('refuse a success or intermediate code for a reply fault', () => {
    expect(problemsOf({ action: { kind: 'reply', code: 250, enhanced: '', text: 'OK' } })[0]).toMatch(/^Rule 3: 250 is not a failure/);
    expect(problemsOf({ action: { kind: 'reply', code: 354, enhanced: '', text: 'go on' } })[0]).toMatch(/354 is not a failure/);
    expect(problemsOf({ action: { kind: 'reply', code: 55, enhanced: '', text: 'x' } })[0]).toMatch(/three-digit SMTP code/);
  });

  it('require the enhanced code class to match the reply code class', () => {
    expect(problemsOf({ action: { kind: 'reply', code: 451, enhanced: '5.7.1', text: 'x' } })).toEqual([
      'Rule 3: the enhanced code 5.7.1 is class 5 but the reply code 451 is class 4 — use 4.7.1 (RFC 3463: the classes must agree).',
    ]);
    expect(problemsOf({ action: { kind: 'reply', code: 550, enhanced: '5.1', text: 'x' } })[0]).toMatch(/not an enhanced status code/);
    expect(problemsOf({ action: { kind: 'reply', code: 550, enhanced: '', text: 'x' } })).toEqual([]);
  });

  it('refuse empty, multi-line or overlong reply text', () => {
    expect(problemsOf({ action: { kind: 'reply', code: 550, enhanced: '', text: '  ' } })[0]).toMatch(/cannot be empty/);
    expect(problemsOf({ action: { kind: 'reply', code: 550, enhanced: '', text: 'a\r\n250 OK' } })[0]).toMatch(/one line/);
    expect(problemsOf({ action: { kind: 'reply', code: 550, enhanced: '', text: 'x'.repeat(201) } })[0]).toMatch(/too long/);
  });

  it('bound delays: 1 ms to 10 min, 55 s at connect; a delay before a reply or a drop may be 0', () => {
    expect(problemsOf({ action: { kind: 'delay', ms: 600_000 } })).toEqual([]);
    expect(problemsOf({ action: { kind: 'delay', ms: 600_001 } })[0]).toMatch(/from 1 to 600000/);
    expect(problemsOf({ action: { kind: 'delay', ms: 0 } })[0]).toMatch(/from 1 to/);
    expect(problemsOf({ action: { kind: 'delay', ms: 1.5 } })[0]).toMatch(/whole number/);
    expect(problemsOf({ stage: 'connect', action: { kind: 'delay', ms: 56_000 } })[0]).toMatch(/at connect/);
    expect(problemsOf({ action: { kind: 'drop', delayMs: 0 } })).toEqual([]);
    expect(problemsOf({ action: { kind: 'drop', delayMs: 700_000 } })[0]).toMatch(/delay must be/);
    expect(problemsOf({ action: { kind: 'reply', code: 421, enhanced: '4.7.0', text: 'x', delayMs: -1 } })[0]).toMatch(/delay must be/);
  });

  it('refuse patterns a stage cannot know yet', () => {
    expect(problemsOf({ stage: 'ehlo', sender: '*@x.test' })[0]).toMatch(/sender pattern cannot be used at EHLO/);
    expect(problemsOf({ stage: 'mail', recipient: '*@x.test' })[0]).toMatch(/recipient pattern cannot be used at MAIL/);
    expect(problemsOf({ stage: 'mail', sender: '*@x.test' })).toEqual([]);
    expect(problemsOf({ stage: 'after-data', sender: 'a@b', recipient: '*@c' })).toEqual([]);
    expect(problemsOf({ recipient: 'two words' })[0]).toMatch(/without spaces/);
  });

  it('refuse unknown stages and actions, bad failFirst, duplicate ids, too many rules', () => {
    expect(problemsOf({ stage: 'quit' })[0]).toMatch(/stage must be one of connect, ehlo/);
    expect(problemsOf({ action: { kind: 'explode' } })[0]).toMatch(/"reply", "delay" or "drop"/);
    expect(problemsOf({ failFirst: -1 })[0]).toMatch(/fail the first N attempts/);
    const dup = faultSettingsProblems({ ...DEFAULT_FAULT_SETTINGS, rules: [{ ...base, id: 'a1' }, { ...base, id: 'a1' }] });
    expect(dup).toEqual(['Rule 2: the id "a1" is used twice.']);
    expect(faultSettingsProblems({ ...DEFAULT_FAULT_SETTINGS, rules: Array(101).fill(base) })).toContain('At most 100 rules.');
    expect(faultSettingsProblems({ rules: [], rateLimit: { ...DEFAULT_FAULT_SETTINGS.rateLimit, maxMessages: 0 } })[0]).toMatch(/^Rate limit: messages per window/);
    expect(faultSettingsProblems(null)).toHaveLength(1);
  });

  it('word actions for transcripts and count active rules', () => {
    expect(describeAction({ kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user' })).toBe('550 5.1.1 No such user');
    expect(describeAction({ kind: 'reply', code: 421, enhanced: '', text: 'Bye', delayMs: 2000 })).toBe('421 Bye after 2 s');
    expect(describeAction({ kind: 'delay', ms: 5000 })).toBe('delay 5 s');
    expect(describeAction({ kind: 'drop' })).toBe('drop the connection');
    expect([formatMs(250), formatMs(1500), formatMs(120_000)]).toEqual(['250 ms', '1.5 s', '2 min']);
    expect(activeFaultCount({ rules: [base, { ...base, enabled: false }], rateLimit: { ...DEFAULT_FAULT_SETTINGS.rateLimit, enabled: true } })).toBe(2);
  });
});

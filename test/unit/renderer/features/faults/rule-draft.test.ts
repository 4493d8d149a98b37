/**
 * The Faults panel's rule form as data: a rule survives the round trip
 * through the draft, typed numbers become numbers (or a named problem),
 * patterns a stage cannot use are dropped, presets load as drafts; and the
 * event mapping hands faults.changed to the slice.
 */
import { describe, expect, it } from 'vitest';
import { createEventDispatcher } from '../../../../../renderer/api/events';
import type { EventTarget } from '../../../../../renderer/api/events';
import { blankDraft, draftFromRule, draftProblems, ruleFromDraft } from '../../../../../renderer/features/faults/rule-draft';
import { FAULT_PRESETS, ruleFromPreset } from '../../../../../shared/faults/fault-presets';
import { DEFAULT_FAULT_SETTINGS } from '../../../../../shared/faults/fault-rules';
import type { FaultRule, FaultSettings } from '../../../../../shared/model/faults';

describe('rule draft', () => {
  it('round-trips every preset and a blank rule', () => {
    for (const preset of FAULT_PRESETS) {
      const rule = { ...ruleFromPreset(preset), id: 'abc123' };
      expect(ruleFromDraft(draftFromRule(rule))).toEqual(rule);
    }
    expect(draftProblems(blankDraft())).toEqual([]);
  });

  it('keeps optional waits before a reply or a drop, and the delay of a delay', () => {
    const reply: FaultRule = { id: 'r', enabled: true, stage: 'mail', sender: '*@x.test', recipient: '', failFirst: 2, hits: 5, action: { kind: 'reply', code: 421, enhanced: '4.7.0', text: 'Bye', delayMs: 1500 } };
    expect(ruleFromDraft(draftFromRule(reply), 5)).toEqual(reply);
    const d = draftFromRule(reply);
    expect(ruleFromDraft({ ...d, kind: 'drop' }).action).toEqual({ kind: 'drop', delayMs: 1500 });
    expect(ruleFromDraft({ ...d, kind: 'delay', ms: '250' }).action).toEqual({ kind: 'delay', ms: 250 });
    expect(ruleFromDraft({ ...d, kind: 'drop', ms: '' }).action).toEqual({ kind: 'drop' });
  });

  it('names typing mistakes with the core wording, without the rule number', () => {
    expect(draftProblems({ ...blankDraft(), kind: 'delay', ms: 'soon' })).toEqual([
      'the delay must be a whole number of milliseconds from 1 to 600000 (10 minutes).',
    ]);
    expect(draftProblems({ ...blankDraft(), failFirst: '-1' })[0]).toMatch(/^"fail the first N attempts" must be/);
    expect(draftProblems({ ...blankDraft(), code: '250', enhanced: '' })[0]).toMatch(/^250 is not a failure/);
  });

  it('drops patterns the chosen stage cannot know (the fields are disabled there)', () => {
    const draft = { ...blankDraft(), sender: 'a@b', recipient: 'c@d' };
    expect(ruleFromDraft({ ...draft, stage: 'connect' })).toMatchObject({ sender: '', recipient: '' });
    expect(ruleFromDraft({ ...draft, stage: 'mail' })).toMatchObject({ sender: 'a@b', recipient: '' });
    expect(ruleFromDraft({ ...draft, stage: 'data' })).toMatchObject({ sender: 'a@b', recipient: 'c@d' });
  });
});

describe('faults.changed in the event mapping', () => {
  it('reaches the slice, and a resync reloads the rules', () => {
    const seen: FaultSettings[] = [];
    let loads = 0;
    const target: EventTarget = {
      messagesCaptured: () => undefined,
      messagesDeleted: () => undefined,
      readChanged: () => undefined,
      captureStatusChanged: () => undefined,
      importProgressed: () => undefined,
      refreshStatusSoon: () => undefined,
      reloadList: async () => undefined,
      refreshStatus: async () => undefined,
      faultsChanged: (faults) => seen.push(faults),
      loadFaults: async () => {
        loads++;
      },
    };
    const d = createEventDispatcher(() => target);
    d.dispatch({ type: 'faults.changed', faults: DEFAULT_FAULT_SETTINGS });
    d.resync();
    expect(seen).toEqual([DEFAULT_FAULT_SETTINGS]);
    expect(loads).toBe(1);
  });
});

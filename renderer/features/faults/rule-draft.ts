/**
 * The rule editor's draft: every field as the user typed it (numbers as
 * text), turned into a FaultRule for saving and checked with the same
 * checks the core runs (shared/faults), so the form shows the core's
 * messages before a round trip.
 */
import type { FaultAction, FaultRule, FaultStage } from '../../../shared/model/faults';
import { FAULT_REPLY_CODES, FAULT_STAGES, ruleProblems } from '../../../shared/faults/fault-rules';

export type ActionKind = FaultAction['kind'];

export interface RuleDraft {
  id: string;
  enabled: boolean;
  stage: FaultStage;
  sender: string;
  recipient: string;
  kind: ActionKind;
  code: string;
  enhanced: string;
  text: string;
  /** Delay for a delay action; wait before a reply or drop otherwise. */
  ms: string;
  failFirst: string;
}

export function draftFromRule(rule: FaultRule): RuleDraft {
  const a = rule.action;
  const fallback = FAULT_REPLY_CODES.find((c) => c.code === 550) ?? { code: 550, enhanced: '5.1.1', text: 'No such user here' };
  return {
    id: rule.id,
    enabled: rule.enabled,
    stage: rule.stage,
    sender: rule.sender,
    recipient: rule.recipient,
    kind: a.kind,
    code: String(a.kind === 'reply' ? a.code : fallback.code),
    enhanced: a.kind === 'reply' ? a.enhanced : fallback.enhanced,
    text: a.kind === 'reply' ? a.text : fallback.text,
    ms: a.kind === 'delay' ? String(a.ms) : a.delayMs ? String(a.delayMs) : '',
    failFirst: rule.failFirst > 0 ? String(rule.failFirst) : '0',
  };
}

/** A blank rule: 550 5.1.1 at RCPT for everyone. */
export function blankDraft(): RuleDraft {
  return draftFromRule({
    id: '',
    enabled: true,
    stage: 'rcpt',
    sender: '',
    recipient: '',
    failFirst: 0,
    hits: 0,
    action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user here' },
  });
}

/** Text → number; "" stays undefined, anything unparsable becomes NaN (the checks name it). */
function num(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** Patterns a stage cannot use are dropped rather than refused: the fields are disabled there. */
function usable(field: 'sender' | 'recipient', stage: FaultStage): boolean {
  return FAULT_STAGES.indexOf(stage) >= FAULT_STAGES.indexOf(field === 'sender' ? 'mail' : 'rcpt');
}

export function ruleFromDraft(draft: RuleDraft, hits = 0): FaultRule {
  const wait = num(draft.ms);
  let action: FaultAction;
  if (draft.kind === 'reply') {
    action = { kind: 'reply', code: num(draft.code) ?? Number.NaN, enhanced: draft.enhanced.trim(), text: draft.text.trim() };
    if (wait) action.delayMs = wait;
  } else if (draft.kind === 'delay') {
    action = { kind: 'delay', ms: wait ?? Number.NaN };
  } else {
    action = { kind: 'drop' };
    if (wait) action.delayMs = wait;
  }
  return {
    id: draft.id,
    enabled: draft.enabled,
    stage: draft.stage,
    sender: usable('sender', draft.stage) ? draft.sender.trim() : '',
    recipient: usable('recipient', draft.stage) ? draft.recipient.trim() : '',
    failFirst: num(draft.failFirst) ?? 0,
    hits,
    action,
  };
}

/** The problems that stop saving, worded as the core words them (without the "Rule N:" prefix). */
export function draftProblems(draft: RuleDraft): string[] {
  return ruleProblems(ruleFromDraft(draft), 1).map((p) => p.replace(/^Rule 1: /, ''));
}

export { usable as patternUsable };

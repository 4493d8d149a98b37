/**
 * Ready-made fault rules for the situations QA most often needs to reproduce:
 * what a greylisting server, a full mailbox, an unknown user, a throttling
 * provider, a flaky network or a slow server look like on the wire. Codes and
 * wordings follow RFC 5321 / RFC 3463; the texts are deliberately generic
 * (no provider's wording), so the reply explainer does not attribute a
 * Mailscope fault to Gmail or Microsoft.
 */
import type { FaultRule } from '../model/faults';

/** A preset: a label for the menu, what it is for, and the rule it creates. */
export interface FaultPreset {
  /** Stable key (tests and the UI use it). */
  key: string;
  /** Menu label. */
  label: string;
  /** What a user tests with it. */
  purpose: string;
  /** The rule (id assigned on save; enabled; no hits). */
  rule: Omit<FaultRule, 'id' | 'hits'>;
}

export const FAULT_PRESETS: readonly FaultPreset[] = [
  {
    key: 'greylist',
    label: 'Greylist: 451 4.7.1 first attempt',
    purpose: 'The first delivery attempt of each sender/recipient pair is deferred; the retry is accepted. Tests that your app retries 4xx.',
    rule: { enabled: true, stage: 'rcpt', sender: '', recipient: '', failFirst: 1, action: { kind: 'reply', code: 451, enhanced: '4.7.1', text: 'Greylisted, please try again later' } },
  },
  {
    key: 'mailbox-full',
    label: 'Mailbox full 452 4.2.2',
    purpose: 'A recipient over quota: a temporary failure at RCPT.',
    rule: { enabled: true, stage: 'rcpt', sender: '', recipient: '', failFirst: 0, action: { kind: 'reply', code: 452, enhanced: '4.2.2', text: 'Mailbox full: the recipient is over quota, try again later' } },
  },
  {
    key: 'no-such-user',
    label: 'No such user 550 5.1.1',
    purpose: 'An unknown recipient: a permanent failure at RCPT (a bounce, no retry).',
    rule: { enabled: true, stage: 'rcpt', sender: '', recipient: '', failFirst: 0, action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user here' } },
  },
  {
    key: 'rate-limit',
    label: 'Rate limit 421 4.7.0',
    purpose: 'The server throttles you and hangs up at MAIL FROM. Tests backoff. (For a per-client limit by volume, use the rate limit below.)',
    rule: { enabled: true, stage: 'mail', sender: '', recipient: '', failFirst: 0, action: { kind: 'reply', code: 421, enhanced: '4.7.0', text: 'Too many messages, try again later' } },
  },
  {
    key: 'drop-data',
    label: 'Drop at DATA',
    purpose: 'The connection is cut after the message was sent, before any reply: the client cannot know whether it was delivered.',
    rule: { enabled: true, stage: 'after-data', sender: '', recipient: '', failFirst: 0, action: { kind: 'drop' } },
  },
  {
    key: 'slow-connect',
    label: 'Slow server: 5 s delay at connect',
    purpose: 'The greeting comes 5 seconds late. Tests connection and greeting timeouts.',
    rule: { enabled: true, stage: 'connect', sender: '', recipient: '', failFirst: 0, action: { kind: 'delay', ms: 5000 } },
  },
  {
    key: 'auth-fail',
    label: 'Bad credentials 535 5.7.8',
    purpose: 'Every login is refused, whatever the password.',
    rule: { enabled: true, stage: 'auth', sender: '', recipient: '', failFirst: 0, action: { kind: 'reply', code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid' } },
  },
  {
    key: 'policy-reject',
    label: 'Policy rejection 554 5.7.1 after DATA',
    purpose: 'The content is refused after the final dot (a spam or virus filter).',
    rule: { enabled: true, stage: 'after-data', sender: '', recipient: '', failFirst: 0, action: { kind: 'reply', code: 554, enhanced: '5.7.1', text: 'Message rejected for policy reasons' } },
  },
];

/** A fresh copy of a preset's rule, ready to add to a configuration. */
export function ruleFromPreset(preset: FaultPreset): FaultRule {
  // A deep copy (plain data): editing the new rule must not change the preset.
  return { id: '', hits: 0, ...(JSON.parse(JSON.stringify(preset.rule)) as FaultPreset['rule']) };
}

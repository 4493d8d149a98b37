/**
 * Fault settings as data: defaults, the checks every rule must pass (the core
 * refuses a bad configuration with these messages, the Faults panel shows the
 * same ones before saving), and the one-line wording of a rule's action used
 * in transcripts and the UI. Pure: no Node, no DOM.
 */
import type { FaultAction, FaultRule, FaultSettings, FaultStage, RateLimit } from '../model/faults';

/** Stages in SMTP order. */
export const FAULT_STAGES: readonly FaultStage[] = ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data', 'after-data'];

/** How a stage is named in transcripts and the UI. */
export const STAGE_LABELS: Record<FaultStage, string> = {
  connect: 'connect',
  ehlo: 'EHLO',
  auth: 'AUTH',
  mail: 'MAIL',
  rcpt: 'RCPT',
  data: 'DATA',
  'after-data': 'after DATA',
};

/** What each stage answers, for the panel's help text. */
export const STAGE_HELP: Record<FaultStage, string> = {
  connect: 'instead of the 220 greeting (the connection is closed after any reply)',
  ehlo: 'to EHLO / HELO, instead of 250',
  auth: 'to AUTH, after the client sent its credentials (clients that do not log in never meet it)',
  mail: 'to MAIL FROM',
  rcpt: 'to RCPT TO (once per recipient)',
  data: 'to the DATA command, instead of 354',
  'after-data': 'after the final dot, instead of 250 (nothing is stored)',
};

/** The reply codes the panel offers, with what a real server means by them. */
export const FAULT_REPLY_CODES: readonly { code: number; enhanced: string; text: string }[] = [
  { code: 421, enhanced: '4.7.0', text: 'Service not available, closing transmission channel' },
  { code: 450, enhanced: '4.2.0', text: 'Mailbox unavailable, try again later' },
  { code: 451, enhanced: '4.3.0', text: 'Local error in processing, try again later' },
  { code: 452, enhanced: '4.2.2', text: 'Mailbox full' },
  { code: 454, enhanced: '4.7.0', text: 'Temporary authentication failure' },
  { code: 530, enhanced: '5.7.0', text: 'Authentication required' },
  { code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid' },
  { code: 550, enhanced: '5.1.1', text: 'No such user here' },
  { code: 552, enhanced: '5.3.4', text: 'Message size exceeds fixed limit' },
  { code: 553, enhanced: '5.1.3', text: 'Mailbox name not allowed' },
  { code: 554, enhanced: '5.7.1', text: 'Transaction failed: message refused for policy reasons' },
];

/** Longest delay a rule may ask for: 10 minutes (RFC 5321 §4.5.3.2 has clients wait 5–10 min for replies). */
export const MAX_DELAY_MS = 600_000;
/**
 * Longest delay at `connect`: smtp-server closes a connection that has been
 * silent for its socket timeout (60 s) before the greeting is even sent, so a
 * longer wait could never happen as asked.
 */
export const MAX_CONNECT_DELAY_MS = 55_000;
/** Rules kept at most (each is checked on every matching command). */
export const MAX_RULES = 100;
/** Largest "fail the first N attempts". */
export const MAX_FAIL_FIRST = 1000;
const MAX_TEXT = 200;
const MAX_PATTERN = 320;

export const DEFAULT_RATE_LIMIT: RateLimit = {
  enabled: false,
  maxMessages: 10,
  windowSeconds: 60,
  reply: { code: 451, enhanced: '4.7.1', text: 'Too many messages from your address, slow down and try again later' },
};

export const DEFAULT_FAULT_SETTINGS: FaultSettings = { rules: [], rateLimit: DEFAULT_RATE_LIMIT };

/** `550 5.1.1 No such user` — a reply as it goes on the wire. */
export function formatReply(reply: { code: number; enhanced: string; text: string }): string {
  return [String(reply.code), reply.enhanced, reply.text].filter((part) => part !== '').join(' ');
}

/** One-line wording of an action: "550 5.1.1 No such user", "delay 5 s", "drop the connection". */
export function describeAction(action: FaultAction): string {
  const after = (ms: number | undefined): string => (ms ? ` after ${formatMs(ms)}` : '');
  switch (action.kind) {
    case 'reply':
      return `${formatReply(action)}${after(action.delayMs)}`;
    case 'delay':
      return `delay ${formatMs(action.ms)}`;
    case 'drop':
      return `drop the connection${after(action.delayMs)}`;
  }
}

/** 1500 → "1.5 s", 250 → "250 ms", 120000 → "2 min". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000 || ms % 60_000 !== 0) return `${Math.round(ms / 100) / 10} s`;
  return `${ms / 60_000} min`;
}

/** The rules that apply now: enabled ones, plus the rate limit when on. */
export function activeFaultCount(settings: FaultSettings): number {
  return settings.rules.filter((r) => r.enabled).length + (settings.rateLimit.enabled ? 1 : 0);
}

function isInt(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Problems with a reply (code, enhanced code, text); `where` prefixes each message. */
export function replyProblems(reply: unknown, where: string): string[] {
  const r = reply as { code?: unknown; enhanced?: unknown; text?: unknown } | null;
  if (typeof r !== 'object' || r === null) return [`${where}: the reply must be { code, enhanced, text }.`];
  const problems: string[] = [];
  if (!isInt(r.code, 100, 599)) {
    problems.push(`${where}: the reply code must be a three-digit SMTP code such as 451 or 550.`);
  } else if (r.code < 400) {
    problems.push(`${where}: ${r.code} is not a failure — a fault must answer with a 4xx (try again later) or 5xx (refused) code. Use a delay rule to slow a step down without failing it.`);
  }
  if (typeof r.enhanced !== 'string') {
    problems.push(`${where}: the enhanced status code must be text such as "5.1.1", or "" for none.`);
  } else if (r.enhanced !== '') {
    const m = ENHANCED.exec(r.enhanced);
    if (!m) problems.push(`${where}: "${r.enhanced}" is not an enhanced status code (class.subject.detail, e.g. 5.1.1 or 4.7.0).`);
    else if (isInt(r.code, 400, 599) && m[1] !== String(r.code)[0]) {
      problems.push(`${where}: the enhanced code ${r.enhanced} is class ${m[1]} but the reply code ${r.code} is class ${String(r.code)[0]} — use ${String(r.code)[0]}.${m[2]}.${m[3]} (RFC 3463: the classes must agree).`);
    }
  }
  if (typeof r.text !== 'string' || r.text.trim() === '') problems.push(`${where}: the reply text cannot be empty.`);
  else if (CONTROL.test(r.text)) problems.push(`${where}: the reply text must be one line, without control characters.`);
  else if (r.text.length > MAX_TEXT) problems.push(`${where}: the reply text is too long (at most ${MAX_TEXT} characters).`);
  return problems;
}

function delayProblems(ms: unknown, stage: FaultStage, where: string, required: boolean): string[] {
  if (ms === undefined && !required) return [];
  const max = stage === 'connect' ? MAX_CONNECT_DELAY_MS : MAX_DELAY_MS;
  if (!isInt(ms, required ? 1 : 0, max)) {
    const why = stage === 'connect' ? ' at connect (the server gives up on a connection silent for 60 s)' : ' (10 minutes)';
    return [`${where}: the delay must be a whole number of milliseconds from ${required ? 1 : 0} to ${max}${why}.`];
  }
  return [];
}

function patternProblems(value: unknown, field: 'sender' | 'recipient', stage: FaultStage, where: string): string[] {
  if (typeof value !== 'string') return [`${where}: the ${field} pattern must be text ("" for any).`];
  if (value === '') return [];
  if (value.length > MAX_PATTERN || /\s/.test(value)) return [`${where}: the ${field} pattern must be one address pattern without spaces (at most ${MAX_PATTERN} characters), e.g. *@example.com.`];
  const firstStage: FaultStage = field === 'sender' ? 'mail' : 'rcpt';
  if (FAULT_STAGES.indexOf(stage) < FAULT_STAGES.indexOf(firstStage)) {
    return [`${where}: a ${field} pattern cannot be used at ${STAGE_LABELS[stage]} — the ${field} is not known until ${STAGE_LABELS[firstStage]}. Clear the pattern or pick a later stage.`];
  }
  return [];
}

function actionProblems(action: unknown, stage: FaultStage, where: string): string[] {
  const a = action as { kind?: unknown; ms?: unknown; delayMs?: unknown } | null;
  if (typeof a !== 'object' || a === null) return [`${where}: the action must be a reply, a delay or a drop.`];
  switch (a.kind) {
    case 'reply':
      return [...replyProblems(a, where), ...delayProblems(a.delayMs, stage, where, false)];
    case 'delay':
      return delayProblems(a.ms, stage, where, true);
    case 'drop':
      return delayProblems(a.delayMs, stage, where, false);
    default:
      return [`${where}: the action must be "reply", "delay" or "drop".`];
  }
}

/** Problems with one rule; `position` is 1-based, used in the messages. */
export function ruleProblems(rule: unknown, position: number): string[] {
  const where = `Rule ${position}`;
  const r = rule as Partial<Record<keyof FaultRule, unknown>> | null;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return [`${where}: must be an object.`];
  const problems: string[] = [];
  if (r.id !== undefined && (typeof r.id !== 'string' || !/^[A-Za-z0-9_-]{0,40}$/.test(r.id))) problems.push(`${where}: the id must be letters, digits, - or _ (or "" for a new rule).`);
  if (typeof r.enabled !== 'boolean') problems.push(`${where}: "enabled" must be true or false.`);
  if (!FAULT_STAGES.includes(r.stage as FaultStage)) {
    problems.push(`${where}: the stage must be one of ${FAULT_STAGES.join(', ')}.`);
    return problems;
  }
  const stage = r.stage as FaultStage;
  problems.push(...patternProblems(r.sender ?? '', 'sender', stage, where));
  problems.push(...patternProblems(r.recipient ?? '', 'recipient', stage, where));
  problems.push(...actionProblems(r.action, stage, where));
  if (r.failFirst !== undefined && !isInt(r.failFirst, 0, MAX_FAIL_FIRST)) problems.push(`${where}: "fail the first N attempts" must be a whole number from 0 (always) to ${MAX_FAIL_FIRST}.`);
  return problems;
}

/** Problems with the rate limit. */
export function rateLimitProblems(limit: unknown): string[] {
  const l = limit as Partial<Record<keyof RateLimit, unknown>> | null;
  if (typeof l !== 'object' || l === null) return ['Rate limit: must be { enabled, maxMessages, windowSeconds, reply }.'];
  const problems: string[] = [];
  if (typeof l.enabled !== 'boolean') problems.push('Rate limit: "enabled" must be true or false.');
  if (!isInt(l.maxMessages, 1, 1_000_000)) problems.push('Rate limit: messages per window must be a whole number from 1 to 1000000.');
  if (!isInt(l.windowSeconds, 1, 86_400)) problems.push('Rate limit: the window must be a whole number of seconds from 1 to 86400 (a day).');
  problems.push(...replyProblems(l.reply, 'Rate limit'));
  return problems;
}

/** Every problem with a whole configuration (empty when it can be saved). */
export function faultSettingsProblems(settings: unknown): string[] {
  const s = settings as { rules?: unknown; rateLimit?: unknown } | null;
  if (typeof s !== 'object' || s === null) return ['Send the fault settings as { rules: [...], rateLimit: {...} }.'];
  const problems: string[] = [];
  if (!Array.isArray(s.rules)) problems.push('"rules" must be a list.');
  else {
    if (s.rules.length > MAX_RULES) problems.push(`At most ${MAX_RULES} rules.`);
    const ids = new Set<string>();
    s.rules.forEach((rule: unknown, i) => {
      problems.push(...ruleProblems(rule, i + 1));
      const id = (rule as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id !== '') {
        if (ids.has(id)) problems.push(`Rule ${i + 1}: the id "${id}" is used twice.`);
        ids.add(id);
      }
    });
  }
  problems.push(...rateLimitProblems(s.rateLimit));
  return problems;
}

/**
 * The fault rules in force and their counters: which rule (if any) applies to
 * a command, "fail the first N attempts" bookkeeping, the per-client rate
 * limit and the hit counters. No sockets here — the injector
 * (fault-injector.ts) asks and acts — so the decisions are unit-testable.
 *
 * Counters live in memory only: a restart starts greylisting afresh, as a
 * real greylisting server's short-lived triplet database would.
 */
import { randomBytes } from 'node:crypto';
import type { FaultAction, FaultRule, FaultSettings, FaultStage } from '../../../shared/model/faults';
import { DEFAULT_FAULT_SETTINGS } from '../../../shared/faults/fault-rules';

/** What a command carries that rules can match. */
export interface FaultContext {
  /** Client IP. */
  clientAddress: string;
  /** MAIL FROM address ("" for the null sender); undefined before MAIL. */
  sender?: string;
  /** At RCPT the recipient being added; at DATA/after DATA every recipient. */
  recipients?: readonly string[];
  /** AUTH user name, at AUTH. */
  user?: string;
}

/** A rule that applies: what to do, and how to name it in the transcript. */
export interface FaultDecision {
  /** 1-based position of the rule ("fault rule #2"). */
  position: number;
  rule: FaultRule;
  /** What to do; null when a "fail the first N" rule has failed this attempt's key N times already and lets it through. */
  action: FaultAction | null;
}

/** The rate limit refused this MAIL command. */
export interface RateLimitDecision {
  reply: { code: number; enhanced: string; text: string };
  /** Messages counted in the window, this one included. */
  count: number;
  windowSeconds: number;
  maxMessages: number;
}

/** Keys remembered per rule for "fail the first N"; the oldest are forgotten past this. */
const MAX_ATTEMPT_KEYS = 10_000;
/** Client IPs remembered by the rate limiter; the oldest are forgotten past this. */
const MAX_RATE_CLIENTS = 10_000;

/** A pattern compiled once per save: tests an address already lower-cased (see subjectOf). */
type Matcher = (subject: string) => boolean;

/** How an address is compared: lower-cased, the null sender as `<>`. */
function subjectOf(value: string): string {
  return value === '' ? '<>' : value.toLowerCase();
}

/** `*` wildcard, whole string, case-insensitive; "" matches anything. */
export function compilePattern(pattern: string): Matcher {
  if (pattern === '') return () => true;
  const parts = pattern.toLowerCase().split('*');
  if (parts.length === 1) {
    const exact = parts[0] ?? '';
    return (subject) => subject === exact;
  }
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  const middle = parts.slice(1, -1).filter((piece) => piece !== '');
  return (subject) => {
    if (subject.length < first.length + last.length || !subject.startsWith(first) || !subject.endsWith(last)) return false;
    // Middle pieces in order, between the fixed start and end (a plain scan: no regex to backtrack).
    let at = first.length;
    const end = subject.length - last.length;
    for (const piece of middle) {
      const found = subject.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/** `*` wildcard, whole address, case-insensitive. `<>` stands for the null sender. */
export function patternMatches(pattern: string, value: string): boolean {
  return compilePattern(pattern)(subjectOf(value));
}

/** The content of a rule without its id and counters, to tell an edited rule from an unchanged one. */
function ruleBody(rule: FaultRule): string {
  return JSON.stringify([rule.enabled, rule.stage, rule.sender, rule.recipient, rule.action, rule.failFirst]);
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

export class FaultEngine {
  private settings: FaultSettings = DEFAULT_FAULT_SETTINGS;
  /** Per rule id: attempts seen per key (for failFirst). */
  private attempts = new Map<string, Map<string, number>>();
  /** Per client IP: times of MAIL commands let through (sliding window). */
  private windows = new Map<string, RateWindow>();
  private rateHits = 0;
  /** Stages with at least one enabled rule: the fast path for everything else. */
  private liveStages = new Set<FaultStage>();
  /** Compiled sender and recipient patterns per rule id (null: any). */
  private matchers = new Map<string, { sender: Matcher | null; recipient: Matcher | null }>();

  /**
   * @param onHit called whenever a counter moved (the owner throttles the event).
   * @param now clock in ms (tests move it).
   */
  constructor(
    private readonly onHit: () => void = () => undefined,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The configuration with current counters. */
  get(): FaultSettings {
    return {
      rules: this.settings.rules.map((r) => ({ ...r, action: { ...r.action } })),
      rateLimit: { ...this.settings.rateLimit, reply: { ...this.settings.rateLimit.reply }, hits: this.rateHits },
    };
  }

  /**
   * Install checked settings. Rules get ids when they have none; a rule whose
   * id and content are unchanged keeps its hits and attempt counts, an edited
   * one starts from zero. Incoming `hits` are ignored (they are read-only).
   */
  set(next: FaultSettings): FaultSettings {
    const old = new Map(this.settings.rules.map((r) => [r.id, r]));
    const taken = new Set(next.rules.map((r) => r.id).filter(Boolean));
    const unchanged = new Set<string>();
    const rules: FaultRule[] = next.rules.map((incoming) => {
      let id = incoming.id;
      while (!id || (id !== incoming.id && taken.has(id))) id = randomBytes(4).toString('hex');
      taken.add(id);
      const rule: FaultRule = {
        id,
        enabled: incoming.enabled,
        stage: incoming.stage,
        sender: incoming.sender ?? '',
        recipient: incoming.recipient ?? '',
        action: { ...incoming.action },
        failFirst: incoming.failFirst ?? 0,
        hits: 0,
      };
      const before = old.get(id);
      if (before && ruleBody(before) === ruleBody(rule)) {
        rule.hits = before.hits;
        unchanged.add(id);
      }
      return rule;
    });
    for (const id of [...this.attempts.keys()]) if (!unchanged.has(id)) this.attempts.delete(id);
    const limit = next.rateLimit;
    const oldLimit = this.settings.rateLimit;
    const sameLimit = limit.enabled === oldLimit.enabled && limit.maxMessages === oldLimit.maxMessages && limit.windowSeconds === oldLimit.windowSeconds;
    if (!sameLimit) {
      this.windows.clear();
      this.rateHits = 0;
    }
    this.settings = {
      rules,
      rateLimit: { enabled: limit.enabled, maxMessages: limit.maxMessages, windowSeconds: limit.windowSeconds, reply: { ...limit.reply } },
    };
    this.liveStages = new Set(rules.filter((r) => r.enabled).map((r) => r.stage));
    this.matchers = new Map(rules.map((r) => [r.id, { sender: r.sender ? compilePattern(r.sender) : null, recipient: r.recipient ? compilePattern(r.recipient) : null }]));
    return this.get();
  }

  /** Zero every hit counter, attempt count and rate window. */
  resetCounters(): FaultSettings {
    for (const rule of this.settings.rules) rule.hits = 0;
    this.attempts.clear();
    this.windows.clear();
    this.rateHits = 0;
    return this.get();
  }

  /** True when some enabled rule acts at this stage (cheap; checked on every command). */
  watches(stage: FaultStage): boolean {
    return this.liveStages.has(stage);
  }

  /**
   * The first enabled rule of this stage whose patterns match decides; null
   * when none matches. A "fail the first N" rule past its N lets the command
   * through (a decision with a null action, not counted as a hit) — it still
   * wins, later rules of the stage are not consulted.
   */
  decide(stage: FaultStage, context: FaultContext): FaultDecision | null {
    if (!this.liveStages.has(stage)) return null;
    const rules = this.settings.rules;
    // Lower-cased once per command, not once per rule.
    let sender: string | undefined;
    let recipients: string[] | undefined;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as FaultRule;
      if (!rule.enabled || rule.stage !== stage) continue;
      const match = this.matchers.get(rule.id);
      if (match?.sender) {
        if (context.sender === undefined) continue;
        sender ??= subjectOf(context.sender);
        if (!match.sender(sender)) continue;
      }
      if (match?.recipient) {
        recipients ??= (context.recipients ?? []).map(subjectOf);
        if (!recipients.some(match.recipient)) continue;
      }
      if (rule.failFirst > 0) {
        const key = attemptKey(stage, context);
        let seen = this.attempts.get(rule.id);
        if (!seen) this.attempts.set(rule.id, (seen = new Map()));
        const count = (seen.get(key) ?? 0) + 1;
        remember(seen, key, Math.min(count, rule.failFirst + 1), MAX_ATTEMPT_KEYS);
        if (count > rule.failFirst) return { position: i + 1, rule: { ...rule }, action: null };
      }
      rule.hits++;
      this.onHit();
      return { position: i + 1, rule: { ...rule }, action: rule.action };
    }
    return null;
  }

  /**
   * Count a MAIL command from this client against the rate limit; a refusal
   * when it is over. Refused commands are not counted (a client that backs off
   * gets through once the window has moved on).
   */
  rateLimit(clientAddress: string): RateLimitDecision | null {
    const limit = this.settings.rateLimit;
    if (!limit.enabled) return null;
    const now = this.now();
    let window = this.windows.get(clientAddress);
    if (!window) remember(this.windows, clientAddress, (window = new RateWindow()), MAX_RATE_CLIENTS);
    const count = window.countSince(now - limit.windowSeconds * 1000);
    if (count >= limit.maxMessages) {
      this.rateHits++;
      this.onHit();
      return { reply: limit.reply, count: count + 1, windowSeconds: limit.windowSeconds, maxMessages: limit.maxMessages };
    }
    window.add(now);
    return null;
  }

}

/**
 * Times in ascending order with a moving start: expiring old entries costs
 * only the entries that expire, however many the window holds (a client
 * sending thousands a second under a high limit must not make every MAIL
 * command scan them all).
 */
class RateWindow {
  private times: number[] = [];
  private head = 0;

  /** Entries newer than `since` (older ones are dropped). */
  countSince(since: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= since) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(time: number): void {
    this.times.push(time);
  }
}

/** What "the same attempt" means at each stage (see FaultRule.failFirst). */
export function attemptKey(stage: FaultStage, context: FaultContext): string {
  const sender = (context.sender ?? '').toLowerCase();
  const recipients = [...(context.recipients ?? [])].map((r) => r.toLowerCase()).sort();
  switch (stage) {
    case 'connect':
    case 'ehlo':
      return context.clientAddress;
    case 'auth':
      return `${context.clientAddress} ${context.user ?? ''}`;
    case 'mail':
      return sender;
    default:
      return `${sender} ${recipients.join(',')}`;
  }
}

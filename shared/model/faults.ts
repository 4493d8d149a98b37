/**
 * Fault injection on the capture server (issue 5): rules that make Mailscope
 * answer like a failing or slow mail server so QA can test how their app
 * copes. Evaluated by electron/core/capture; set through the API and the UI;
 * every applied rule is written in the session transcript.
 */

/** SMTP stage a rule matches. */
export type FaultStage = 'connect' | 'ehlo' | 'auth' | 'mail' | 'rcpt' | 'data' | 'after-data';

/** What the server does when a rule matches. */
export type FaultAction =
  /** Answer with this reply instead of the normal one (421 also closes the connection). */
  | { kind: 'reply'; code: number; enhanced: string; text: string }
  /** Wait this long, then carry on normally. */
  | { kind: 'delay'; ms: number }
  /** Close the connection without a reply. */
  | { kind: 'drop' };

/** One rule. */
export interface FaultRule {
  /** Stable id (assigned by the core when empty). */
  id: string;
  /** Off rules are kept but not applied. */
  enabled: boolean;
  /** Stage to act at. */
  stage: FaultStage;
  /** Only when MAIL FROM matches this pattern (`*` wildcard, case-insensitive); "" for any. */
  sender: string;
  /** Only when a RCPT TO matches this pattern; "" for any. */
  recipient: string;
  /** What to do. */
  action: FaultAction;
  /**
   * "Fail the first N attempts then accept": 0 applies the rule every time;
   * N > 0 applies it to the first N matching attempts (counted per sender +
   * recipients), then lets the same attempt through — to test retry logic.
   */
  failFirst: number;
  /** Times the rule has been applied since it was saved or counters were reset (read-only). */
  hits: number;
}

/** Per-client rate limit. */
export interface RateLimit {
  /** On or off. */
  enabled: boolean;
  /** Messages allowed per client IP within the window. */
  maxMessages: number;
  /** Window length, seconds. */
  windowSeconds: number;
  /** Reply when over the limit. */
  reply: { code: number; enhanced: string; text: string };
}

/** The whole fault configuration. */
export interface FaultSettings {
  /** Rules, evaluated in order; the first match at a stage wins. */
  rules: FaultRule[];
  /** Rate limit per client. */
  rateLimit: RateLimit;
}

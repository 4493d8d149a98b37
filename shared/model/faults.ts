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
  /**
   * Answer with this reply instead of the normal one (421 also closes the
   * connection; so does any reply at `connect`, where smtp-server refuses the
   * session). `code` is a 4xx or 5xx basic code; `enhanced` an RFC 3463 code
   * whose class matches it ("" for none); `text` one line. `delayMs`, when
   * set, waits that long before answering (a slow refusal, a tarpit).
   */
  | { kind: 'reply'; code: number; enhanced: string; text: string; delayMs?: number }
  /** Wait this long, then carry on normally. */
  | { kind: 'delay'; ms: number }
  /** Close the connection without a reply; `delayMs`, when set, waits that long first (a server that hangs, then goes away). */
  | { kind: 'drop'; delayMs?: number };

/** One rule. */
export interface FaultRule {
  /** Stable id (assigned by the core when empty). */
  id: string;
  /** Off rules are kept but not applied. */
  enabled: boolean;
  /** Stage to act at. */
  stage: FaultStage;
  /**
   * Only when MAIL FROM matches this pattern (`*` wildcard, whole address,
   * case-insensitive; `<>` matches the null sender); "" for any. Stages before
   * MAIL (connect, EHLO, AUTH) cannot use it.
   */
  sender: string;
  /**
   * Only when a RCPT TO matches this pattern: at RCPT the recipient being
   * added, at DATA / after DATA any recipient of the message; "" for any.
   * Usable from RCPT on.
   */
  recipient: string;
  /** What to do. */
  action: FaultAction;
  /**
   * "Fail the first N attempts then accept": 0 applies the rule every time;
   * N > 0 applies it to the first N matching attempts, then lets later
   * attempts through — to test retry logic. Attempts are counted per key,
   * what the stage knows: the client IP at connect and EHLO, IP + user name
   * at AUTH, the sender at MAIL, sender + this recipient at RCPT (greylisting's
   * triplet without the IP), sender + all recipients at DATA and after DATA.
   * Each command is an attempt: a client that falls back from a refused EHLO
   * to HELO on the same connection has made two.
   */
  failFirst: number;
  /** Times the rule has been applied since it was saved or counters were reset (read-only). */
  hits: number;
}

/**
 * Per-client rate limit: counted at MAIL FROM, one message per accepted MAIL
 * command from a client IP, in a sliding window. The MAIL command over the
 * limit gets `reply`.
 */
export interface RateLimit {
  /** On or off. */
  enabled: boolean;
  /** Messages allowed per client IP within the window. */
  maxMessages: number;
  /** Window length, seconds. */
  windowSeconds: number;
  /** Reply when over the limit (421 closes the connection; 451 lets the client try the next message). */
  reply: { code: number; enhanced: string; text: string };
  /**
   * MAIL commands refused by the limit since the settings were saved or the
   * counters reset (read-only, in memory; absent in a request).
   */
  hits?: number;
}

/** The whole fault configuration. */
export interface FaultSettings {
  /** Rules, evaluated in order; the first match at a stage wins. */
  rules: FaultRule[];
  /** Rate limit per client. */
  rateLimit: RateLimit;
}

/**
 * What an SMTP reply or a connection-level failure means, in plain words, with
 * the likely fix. Produced by shared/smtp/explain (a table of RFC 5321 reply
 * codes, RFC 3463 / IANA enhanced status codes, known provider wordings and
 * socket/TLS error codes) and shown under each reply in every transcript view
 * (captured sessions, probes, sends).
 */

/** Broad class of the outcome. */
export type ReplyCategory =
  /** 2xx: the step succeeded. */
  | 'success'
  /** 3xx: the server waits for more (354 after DATA, 334 during AUTH). */
  | 'intermediate'
  /** 4xx / x.x.x with class 4: try again later; the message is not lost yet. */
  | 'transient'
  /** 5xx / class 5: the server refused for good; resending unchanged will fail again. */
  | 'permanent'
  /** No reply at all: refused, timed out, reset, DNS or TLS failure before/while talking SMTP. */
  | 'connection';

/** A provider-specific reading of the reply text (Gmail, Microsoft, Yahoo, Spamhaus…). */
export interface ProviderReading {
  /** Who says this, e.g. "Gmail", "Microsoft 365 / Outlook.com", "Spamhaus". */
  provider: string;
  /** The marker in the text that identified it, e.g. "5.7.26", "S3150", "TSS04". */
  marker: string;
  /** What this wording usually means. */
  meaning: string;
  /** What usually fixes it. */
  fix: string;
  /** Where this reading comes from (provider documentation URL or field note). */
  source: string;
}

/** The explanation of one reply or failure. */
export interface ReplyExplanation {
  /** Basic reply code (e.g. 550); null for connection-level failures. */
  code: number | null;
  /** Enhanced status code (e.g. "5.7.26") when the reply carried one or it was inferred; else null. */
  enhanced: string | null;
  /**
   * True when `enhanced` was not in the reply text but inferred from the basic
   * code (RFC 4954's fixed pairs such as 535 → 5.7.8) or from a known wording.
   * Absent or false when the server sent it.
   */
  enhancedInferred?: boolean;
  /** Broad class. */
  category: ReplyCategory;
  /** Short title, e.g. "Mailbox unavailable", "Connection refused". */
  title: string;
  /** What the code (and enhanced code) mean per RFC 5321 / RFC 3463 / the IANA registry, in plain words. */
  meaning: string;
  /** Provider-specific reading when the text matched a known wording; null otherwise. */
  provider: ProviderReading | null;
  /** The likely fix, addressed to the sender; null when nothing needs fixing (2xx/3xx). */
  fix: string | null;
  /** References (RFC sections, registry, provider pages). */
  references: string[];
}

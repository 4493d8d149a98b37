/**
 * A provider reading as data: which replies it matches (basic code, enhanced
 * code or a range of details, a marker in the text) and what it means. This
 * is Sisimai's model of (code, enhanced range, substring) keys, written as
 * Mailscope's own table. First matching rule in table order wins, so tables
 * list specific wordings before general ones.
 */
import type { ProviderReading } from '../../model/smtp-reply';
import { splitEnhancedCode } from '../parse-reply';

/** One known wording. */
export interface ProviderRule {
  /** Stable id, e.g. "gmail.5.7.26.dmarc" (tests and the UI refer to it). */
  id: string;
  /** Who says this: "Gmail", "Microsoft 365 / Outlook.com", "Yahoo", "Spamhaus", "Postfix"… */
  provider: string;
  /** Title for the whole explanation when this rule matches. */
  title: string;
  /** Basic codes it applies to; any when absent. */
  codes?: readonly number[];
  /** Exact enhanced codes it applies to (either may be given, e.g. "4.7.28" and "5.7.28"); any when absent. */
  enhanced?: readonly string[];
  /** A range of enhanced details within class.subject, e.g. 5.7.606–649. */
  enhancedRange?: { cls: 4 | 5; subject: number; from: number; to: number };
  /** Must match the reply text (case-insensitive); the marker comes from it (group 1 when present). */
  text?: RegExp;
  /** A second text condition that must also match (e.g. the reply names Google). */
  also?: RegExp;
  /** Fixed marker; otherwise taken from `text`'s match, or the enhanced code. */
  marker?: string;
  /** Enhanced code to report when the reply carried none. */
  implies?: string;
  /** What the wording usually means. */
  meaning: string;
  /** What usually fixes it. */
  fix: string;
  /** Where the reading comes from. */
  source: string;
}

/** What a rule is matched against. */
export interface RuleInput {
  code: number | null;
  /** Enhanced code from the reply (or inferred from the basic code); null when none. */
  enhanced: string | null;
  /** Reply text without codes. */
  text: string;
}

/** The reading and the rule that produced it. */
export interface RuleMatch {
  rule: ProviderRule;
  reading: ProviderReading;
}

function enhancedMatches(rule: ProviderRule, enhanced: string | null): boolean {
  if (!rule.enhanced && !rule.enhancedRange) return true;
  if (enhanced === null) return false;
  if (rule.enhanced?.includes(enhanced)) return true;
  const r = rule.enhancedRange;
  if (!r) return false;
  const p = splitEnhancedCode(enhanced);
  return p !== null && p.cls === r.cls && p.subject === r.subject && p.detail >= r.from && p.detail <= r.to;
}

/** Does one rule match? Returns the marker when it does. */
export function matchRule(rule: ProviderRule, input: RuleInput): string | null {
  if (rule.codes && (input.code === null || !rule.codes.includes(input.code))) return null;
  if (!enhancedMatches(rule, input.enhanced)) return null;
  if (rule.also && !rule.also.test(input.text)) return null;
  let found: string | null = null;
  if (rule.text) {
    const m = rule.text.exec(input.text);
    if (!m) return null;
    found = (m[1] ?? m[0]).trim();
  }
  const marker = rule.marker ?? found ?? input.enhanced ?? (input.code !== null ? String(input.code) : '');
  return marker.length > 60 ? `${marker.slice(0, 57)}…` : marker;
}

/** The first rule of `rules` that matches, as a ProviderReading. */
export function firstMatch(rules: readonly ProviderRule[], input: RuleInput): RuleMatch | null {
  for (const rule of rules) {
    const marker = matchRule(rule, input);
    if (marker !== null) {
      return { rule, reading: { provider: rule.provider, marker, meaning: rule.meaning, fix: rule.fix, source: rule.source } };
    }
  }
  return null;
}

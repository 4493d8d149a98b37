/**
 * All provider readings in match order: provider tables (most specific
 * wording) first, blocklists next, general server wording last.
 */
import { BLOCKLIST_RULES } from './blocklists';
import { GOOGLE_RULES } from './google';
import { MICROSOFT_RULES } from './microsoft';
import { firstMatch, type ProviderRule, type RuleInput, type RuleMatch } from './rule';
import { SERVER_RULES } from './servers';
import { YAHOO_RULES } from './yahoo';

export type { ProviderRule, RuleInput, RuleMatch } from './rule';

/** Every rule, in the order they are tried. */
export const PROVIDER_RULES: readonly ProviderRule[] = [...YAHOO_RULES, ...GOOGLE_RULES, ...MICROSOFT_RULES, ...BLOCKLIST_RULES, ...SERVER_RULES];

/** The provider reading for a reply, or null when no known wording matches. */
export function matchProvider(input: RuleInput): RuleMatch | null {
  return firstMatch(PROVIDER_RULES, input);
}

/**
 * DKIM keys (RFC 6376): the selectors the user named plus common ones, each
 * looked up at <selector>._domainkey.<domain> concurrently. Reports
 * - `dkim.<selector>` for every selector given, and for every common one
 *   that has a record: key syntax, type, RSA size, t=y, revoked, CNAME
 *   delegation to an ESP;
 * - `dkim.selectors`: which selectors were found — and, when none, why that
 *   is "info", not "fail": DNS cannot list selectors, so a key may exist
 *   under a name nobody guessed.
 */
import type { ProbeFact } from '../../../../shared/model/probe';
import type { CheckResult, DnsLookup, ProbeCheckDefinition } from '../check-types';
import { capitalise, couldNotCheck, Evidence, failed, outcomeText, plural, txtOf } from './dns-check-helpers';
import { espOf, judgeDkimKey } from './dkim-key-record';

/** Selectors tried when the user names none (what big providers and ESPs use by default). */
export const COMMON_SELECTORS = [
  'google', // Google Workspace
  'selector1', // Microsoft 365
  'selector2', // Microsoft 365 (rotation)
  'k1', // Mailchimp / Mailgun
  'k2',
  'k3',
  's1', // SendGrid and many others
  's2',
  'default', // cPanel, many self-hosted setups
  'dkim',
  'mail',
  'smtp', // Mailgun legacy
  'mandrill', // Mandrill
  'mxvault', // MXroute / mxvault
  'everlytickey1', // Everlytic
  'everlytickey2',
  'pm', // Postmark
  'fm1', // Fastmail
  'protonmail', // Proton Mail
  'zendesk1', // Zendesk
  'sig1', // iCloud custom domains
  'mailjet', // Mailjet
] as const;

const group = 'dkim' as const;

export const dkimCheck: ProbeCheckDefinition = {
  group,
  name: 'DKIM selectors',
  applies: () => true,
  async run(ctx, report) {
    const domain = ctx.request.domain;
    // Accept a pasted full name ("s1._domainkey.example.org") as well as the bare selector.
    const given = [...new Set(ctx.request.selectors.map((s) => s.trim().toLowerCase().replace(/\._domainkey(\..*)?$/, '')).filter(Boolean))];
    const common = COMMON_SELECTORS.filter((s) => !given.includes(s));
    const summary = new Evidence(ctx.dns);
    const found: string[] = [];
    const failures: DnsLookup[] = [];

    const one = async (selector: string, named: boolean) => {
      const ev = new Evidence(ctx.dns);
      const lookup = await ev.lookup(`${selector}._domainkey.${domain}`, 'TXT');
      summary.cite(lookup);
      if (failed(lookup)) {
        failures.push(lookup);
        if (named) report(couldNotCheck({ id: `dkim.${selector}`, group, subject: selector, what: `DKIM selector "${selector}"` }, lookup.query, ev.queries));
        return;
      }
      const result = judgeSelector(selector, domain, lookup, named, ev.queries);
      if (result) {
        if (result.status !== 'fail' || txtOf(lookup).length > 0) found.push(selector);
        report(result);
      }
    };
    await Promise.all([...given.map((s) => one(s, true)), ...common.map((s) => one(s, false))]);

    const tried = given.length + common.length;
    const facts: ProbeFact[] = [
      { label: 'Selectors tried', value: [...given, ...common].join(', ') },
      { label: 'Found', value: found.join(', ') || 'none' },
    ];
    if (found.length > 0) {
      report({
        id: 'dkim.selectors',
        group,
        subject: null,
        status: 'info',
        title: `DKIM key${found.length > 1 ? 's' : ''} found at ${found.join(', ')}`,
        explanation: `Of the ${tried} selectors tried, ${plural(found.length, 'has', 'have')} a record at <selector>._domainkey.${domain} (judged separately). Other selectors may exist: DNS cannot list them, so only names someone knows or guesses can be checked. The selector a message was signed with is the s= tag of its DKIM-Signature header.`,
        fix: null,
        evidence: { dns: summary.queries, facts },
      });
      return;
    }
    const failure = failures[0];
    if (failure && failures.length === tried) {
      report(couldNotCheck({ id: 'dkim.selectors', group, subject: null, what: 'the DKIM selectors' }, failure.query, summary.queries, facts));
      return;
    }
    report({
      id: 'dkim.selectors',
      group,
      subject: null,
      status: 'info',
      title: 'No DKIM key found at the selectors tried',
      explanation: `None of the ${tried} selectors tried (${[...given, ...common].join(', ')}) has a key at <selector>._domainkey.${domain}. That does not prove ${domain} has no DKIM: a key can only be found under its selector name, and DNS offers no way to list the names — providers often use generated ones (e.g. Amazon SES's random tokens).${failures.length ? ` (${plural(failures.length, 'lookup')} failed, so some selectors were not checked.)` : ''}`,
      fix: `Open a message sent from ${domain}, read the s= tag of its DKIM-Signature header, and re-run with --selector <that name>. If there is no DKIM-Signature, turn on DKIM signing at your mail provider and publish the key it gives you.`,
      evidence: { dns: summary.queries, facts },
    });
  },
};

/** One selector's record judged; null for an absent common selector (not worth a line). */
function judgeSelector(selector: string, domain: string, lookup: DnsLookup, named: boolean, dns: CheckResult['evidence']['dns']): CheckResult | null {
  const base = { id: `dkim.${selector}`, group, subject: selector };
  const name = `${selector}._domainkey.${domain}`;
  const cnames = lookup.query.cnames;
  const target = cnames[cnames.length - 1];
  const esp = target ? espOf(target) : null;
  const delegation = target ? ` The selector is delegated by CNAME to ${target}${esp ? ` (${esp})` : ''}: the provider publishes and rotates the key, so it can change without a change in your zone.` : '';
  const facts: ProbeFact[] = [];
  if (cnames.length) facts.push({ label: 'CNAME', value: [name, ...cnames].join(' → ') }, { label: 'Delegated to', value: esp ?? target ?? '' });
  const records = txtOf(lookup).filter((r) => !/^v=spf1/i.test(r.text));
  if (records.length === 0) {
    if (!named && cnames.length === 0) return null;
    return {
      ...base,
      status: 'fail',
      title: cnames.length ? `DKIM selector "${selector}" points at a missing key` : `No DKIM key at selector "${selector}"`,
      explanation: cnames.length
        ? `${name} is a CNAME to ${target}${esp ? ` (${esp})` : ''}, but there is no key there (${outcomeText(lookup.query)}). Mail signed with this selector fails DKIM — typically the provider account was closed or the domain was removed from it, leaving the CNAME dangling.`
        : `${outcomeText(lookup.query)}. Mail signed with s=${selector} fails DKIM ("no key for signature"), so DMARC can only pass through SPF.`,
      fix: cnames.length
        ? `Re-verify the domain at ${esp ?? 'the provider'} so it publishes the key again, or delete the CNAME if you no longer send through it.`
        : `Publish the public key your mail provider gives you as a TXT record at ${name}, or check the selector name (the s= tag of a DKIM-Signature).`,
      evidence: { dns, facts },
    };
  }
  if (records.length > 1) {
    return {
      ...base,
      status: 'fail',
      title: `${records.length} TXT records at DKIM selector "${selector}"`,
      explanation: `${name} has ${records.length} TXT records. A verifier picks one of them, so signatures fail at random depending on which it reads.`,
      fix: `Keep only the current key's record at ${name}.`,
      evidence: { dns, facts: [...facts, ...records.map((r, i) => ({ label: `Record ${i + 1}`, value: r.text }))] },
    };
  }
  const text = (records[0] as { text: string }).text;
  const key = judgeDkimKey(text);
  facts.push({ label: 'Key type', value: key.keyType });
  if (key.bits !== null) facts.push({ label: 'Key size', value: `${key.bits} bits` });
  if (key.testing) facts.push({ label: 'Testing', value: 't=y' });
  if (key.hashes) facts.push({ label: 'Hashes', value: key.hashes.join(', ') });
  facts.push({ label: 'Record', value: text.length > 160 ? `${text.slice(0, 157)}…` : text });
  if (lookup.query.ttl !== null) facts.push({ label: 'TTL', value: `${lookup.query.ttl} s` });
  if (key.revoked) {
    return {
      ...base,
      status: named ? 'fail' : 'warn',
      title: `DKIM key "${selector}" is revoked (empty p=)`,
      explanation: `${name} publishes a record with an empty p=, which means "this key has been withdrawn" (RFC 6376 §3.6.1). Any message still signed with selector ${selector} fails DKIM. That is correct after a key rotation — as long as nothing still signs with it.${delegation}`,
      fix: `Make sure every sending service signs with a current selector; if one still uses "${selector}", publish its current public key here or switch it to the new selector.`,
      evidence: { dns, facts },
    };
  }
  if (key.errors.length > 0) {
    return {
      ...base,
      status: 'fail',
      title: `DKIM key "${selector}" is unusable`,
      explanation: `${capitalise(key.errors.join('; '))}. Verifiers cannot use this key, so every message signed with s=${selector} fails DKIM.${delegation}`,
      fix: `Publish the key exactly as your provider gives it (one TXT record, long keys split into several strings with nothing lost), and prefer a 2048-bit RSA key.`,
      evidence: { dns, facts },
    };
  }
  const what = `${key.keyType === 'ed25519' ? 'An Ed25519 key' : `A ${key.bits}-bit RSA key`} is published at ${name}.`;
  if (key.warnings.length > 0 || key.testing) {
    const testing = key.testing ? ' It is marked t=y ("testing"): receivers are asked not to treat DKIM failures differently from unsigned mail, which weakens it; the flag is meant to be removed once signing works.' : '';
    return {
      ...base,
      status: 'warn',
      title: key.testing && key.warnings.length === 0 ? `DKIM key "${selector}" is in testing mode (t=y)` : `DKIM key "${selector}": ${key.bits !== null && key.bits < 2048 ? `${key.bits}-bit RSA` : 'weak'}`,
      explanation: `${what}${key.warnings.length ? ` ${capitalise(key.warnings.join('; '))}.` : ''}${testing}${delegation}`,
      fix: key.warnings.length ? 'Generate a 2048-bit RSA key (or add an Ed25519 key alongside RSA), publish it under a new selector, switch signing to it, then revoke this one (empty p=).' : 'Remove t=y from the record once signatures verify.',
      evidence: { dns, facts },
    };
  }
  return {
    ...base,
    status: 'pass',
    title: `DKIM key "${selector}": ${key.keyType === 'ed25519' ? 'Ed25519' : `${key.bits}-bit RSA`}${esp ? ` (${esp})` : ''}`,
    explanation: `${what} Verifiers can check signatures made with s=${selector}.${delegation}`,
    fix: null,
    evidence: { dns, facts },
  };
}

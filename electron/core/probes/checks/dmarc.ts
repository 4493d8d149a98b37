/**
 * DMARC (RFC 7489, RFC 9989): what receivers do with mail that fails SPF and
 * DKIM alignment for this domain, and where they report it. Reports
 * - `dmarc.record`     the record at _dmarc.<domain>, or the one inherited
 *                      from the organisational domain (mailauth's RFC 9989
 *                      tree walk, over the run's DNS); several = none at all
 * - `dmarc.syntax`     every tag well formed
 * - `dmarc.policy`     p / sp / np / pct / t judged (p=none = monitoring only)
 * - `dmarc.alignment`  adkim / aspf explained
 * - `dmarc.reports`    rua / ruf URIs
 * - `dmarc.report-auth.<domain>` for each third-party report domain: the
 *                      <policy-domain>._report._dmarc.<report-domain> record
 *                      that authorises it (RFC 7489 §7.1); without it no
 *                      reports are sent there.
 */
import { createRecordLookup, discoverPolicy } from 'mailauth/lib/dmarc/get-dmarc-record.js';
import { getDomain } from 'tldts';
import type { ProbeFact } from '../../../../shared/model/probe';
import type { CheckResult, ProbeCheckDefinition, ProbeDns } from '../check-types';
import { toMailauthResolver } from '../dns/mailauth-resolver';
import { capitalise, couldNotCheck, Evidence, failed, outcomeText, plural, txtOf } from './dns-check-helpers';
import { type DmarcPolicy, type DmarcRecord, looksLikeDmarc, parseDmarc } from './dmarc-record';

const group = 'dmarc' as const;
type Dns = CheckResult['evidence']['dns'];

export const dmarcCheck: ProbeCheckDefinition = {
  group,
  name: 'DMARC',
  applies: () => true,
  async run(ctx, report) {
    const domain = ctx.request.domain;
    const ev = new Evidence(ctx.dns);
    const own = await ev.lookup(`_dmarc.${domain}`, 'TXT');
    const base = { id: 'dmarc.record', group, subject: null };
    if (failed(own)) {
      report(couldNotCheck({ ...base, what: `the DMARC record of ${domain}` }, own.query, ev.queries));
      return;
    }
    const candidates = txtOf(own).filter((r) => looksLikeDmarc(r.text));
    if (candidates.length > 1) {
      report({
        ...base,
        status: 'fail',
        title: `${candidates.length} DMARC records: receivers apply none`,
        explanation: `_dmarc.${domain} has ${candidates.length} records starting with v=DMARC1. RFC 7489 §6.6.3 (and RFC 9989) say that with more than one, receivers must ignore them all — ${domain} is treated as having no DMARC policy, and no reports are sent.`,
        fix: `Keep one record at _dmarc.${domain}: merge the tags you want (one p=, one rua= listing every report address) and delete the others.`,
        evidence: { dns: ev.queries, facts: candidates.map((r, i) => ({ label: `Record ${i + 1}`, value: r.text })) },
      });
      return;
    }

    let recordText: string;
    let recordDomain = domain;
    let orgDomain: string | null = null;
    if (candidates.length === 1) {
      recordText = (candidates[0] as { text: string }).text;
    } else {
      // Nothing at the domain: the organisational domain's (or PSD's) record may apply — mailauth's tree walk.
      const walkEv = new Evidence(ctx.dns).cite(own);
      try {
        const found = await discoverPolicy(domain, createRecordLookup(toMailauthResolver(walkEv.asDns())));
        ev.cite(...walkEv.queries);
        orgDomain = found.orgDomain;
        if (!found.record || !found.recordDomain) {
          report({
            ...base,
            status: 'fail',
            title: 'No DMARC record',
            explanation:
              `There is no DMARC record at _dmarc.${domain} (${outcomeText(own.query)})` +
              (found.orgDomain && found.orgDomain !== domain ? `, nor at the organisational domain ${found.orgDomain}` : '') +
              `. Receivers have no instructions for mail that fails authentication with ${domain} in From:, so anyone can send mail that claims to be from ${domain}, and you get no reports about who does. Gmail and Yahoo require a DMARC record (at least p=none) from bulk senders.`,
            fix: `Publish a TXT record at _dmarc.${domain}: start with "v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}", read the reports for a few weeks, then move to p=quarantine and p=reject.`,
            evidence: { dns: ev.queries },
          });
          return;
        }
        recordText = String(found.record.rr);
        recordDomain = found.recordDomain;
      } catch (err) {
        ev.cite(...walkEv.queries);
        const failedQuery = walkEv.queries.find((q) => ['servfail', 'refused', 'timeout', 'error'].includes(q.outcome));
        if (failedQuery) report(couldNotCheck({ ...base, what: `the DMARC policy of ${domain} (organisational-domain tree walk)` }, failedQuery, ev.queries));
        else report({ ...base, status: 'error', title: 'Could not discover the DMARC policy', explanation: `The tree walk stopped: ${(err as Error).message}.`, fix: 'Re-run the probe.', evidence: { dns: ev.queries } });
        return;
      }
    }

    const record = parseDmarc(recordText);
    const inherited = recordDomain !== domain;
    const facts: ProbeFact[] = [{ label: 'Record', value: recordText }, { label: 'Published at', value: `_dmarc.${recordDomain}` }];
    if (orgDomain) facts.push({ label: 'Organisational domain (DNS tree walk)', value: orgDomain });
    else facts.push({ label: 'Organisational domain (Public Suffix List estimate)', value: getDomain(domain, { allowPrivateDomains: true }) ?? domain });
    if (!inherited && own.query.ttl !== null) facts.push({ label: 'TTL', value: `${own.query.ttl} s` });
    report({
      ...base,
      status: 'pass',
      title: inherited ? `DMARC record inherited from ${recordDomain}` : 'DMARC record found',
      explanation: inherited
        ? `${domain} has no record of its own; receivers walk up the DNS tree (RFC 9989 §4.10) and apply the record at _dmarc.${recordDomain} — its sp= (or p=) policy covers ${domain}.`
        : `_dmarc.${domain} publishes a DMARC record. Receivers apply it to mail whose From: domain is ${domain} when neither SPF nor DKIM passes in alignment with that domain.`,
      fix: null,
      evidence: { dns: ev.queries, facts },
    });

    const dns = ev.queries;
    report(syntaxCheck(record, dns));
    report(policyCheck(record, dns, domain, inherited, recordDomain));
    report(alignmentCheck(record, dns, domain));
    report(reportsCheck(record, dns, recordDomain));
    const policyOrg = getDomain(recordDomain, { allowPrivateDomains: true }) ?? recordDomain;
    const external = [...new Set([...record.rua, ...record.ruf].flatMap((u) => (u.domain ? [u.domain] : [])))].filter(
      (d) => (getDomain(d, { allowPrivateDomains: true }) ?? d) !== policyOrg,
    );
    await Promise.all(external.map(async (reportDomain) => report(await reportAuthCheck(ctx.dns, recordDomain, reportDomain, record))));
  },
};

function syntaxCheck(record: DmarcRecord, dns: Dns): CheckResult {
  const base = { id: 'dmarc.syntax', group, subject: null };
  const facts = Object.entries(record.tags).map(([label, value]) => ({ label: `${label}=`, value }));
  if (record.errors.length > 0) {
    return {
      ...base,
      status: 'fail',
      title: `${plural(record.errors.length, 'error')} in the DMARC record`,
      explanation: `${capitalise(record.errors.join('; '))}.${record.warnings.length ? ` Also: ${record.warnings.join('; ')}.` : ''} Receivers ignore a malformed tag, and some ignore the whole record — then the domain has no DMARC protection at all.`,
      fix: 'Correct the tags listed. A minimal valid record: "v=DMARC1; p=none; rua=mailto:reports@example.com".',
      evidence: { dns, facts },
    };
  }
  return {
    ...base,
    status: record.warnings.length ? 'warn' : 'pass',
    title: record.warnings.length ? 'DMARC record has unknown tags' : 'DMARC syntax is valid',
    explanation: record.warnings.length ? `${capitalise(record.warnings.join('; '))}.` : 'v=DMARC1 comes first and every tag is well formed.',
    fix: record.warnings.length ? 'Remove or correct the unknown tags.' : null,
    evidence: { dns, facts },
  };
}

const STRENGTH: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };

function policyCheck(record: DmarcRecord, dns: Dns, domain: string, inherited: boolean, recordDomain: string): CheckResult {
  const base = { id: 'dmarc.policy', group, subject: null };
  const p = record.p ?? 'none';
  const applies: DmarcPolicy = inherited ? (record.sp ?? p) : p;
  const facts: ProbeFact[] = [
    { label: 'p (domain)', value: record.p ?? '(missing: none)' },
    { label: 'sp (subdomains)', value: record.sp ?? `(not set: same as p, ${p})` },
    { label: 'np (non-existent subdomains)', value: record.np ?? `(not set: same as sp)` },
    { label: 'pct', value: record.pct === null ? '(not set: 100)' : String(record.pct) },
    { label: `Applies to ${domain}`, value: applies },
  ];
  const notes: string[] = [];
  const warns: string[] = [];
  if (record.sp && STRENGTH[record.sp] < STRENGTH[p]) warns.push(`sp=${record.sp} is weaker than p=${p}: anyone can forge mail from any subdomain of ${recordDomain} (e.g. billing.${recordDomain}) with less protection than the domain itself`);
  if (record.np && STRENGTH[record.np] < STRENGTH[record.sp ?? p]) warns.push(`np=${record.np} is weaker than the policy for existing subdomains: forged mail from subdomains that do not exist at all is treated more gently`);
  if (record.pct !== null && record.pct < 100 && applies !== 'none') warns.push(`pct=${record.pct}: the policy is applied to only ${record.pct}% of failing mail; the rest gets the next-weaker treatment (RFC 7489 §6.3). RFC 9989 drops pct= for t=`);
  if (record.testing) warns.push('t=y: the owner says the policy is being tested, so receivers apply the next-weaker treatment (RFC 9989)');
  if (record.np === null) notes.push('np= (RFC 9989) is not set; subdomains that do not exist get the sp=/p= policy');

  const describe: Record<DmarcPolicy, string> = {
    none: `p=none is monitoring only: receivers deliver mail that fails DMARC as if there were no policy, and only send reports. It protects nothing against spoofing of ${domain}; it is the right first step to learn who sends as you from the reports, not a place to stay.`,
    quarantine: `p=quarantine: receivers put mail that fails DMARC in spam/junk. Spoofed mail claiming to be from ${domain} mostly stops reaching inboxes.`,
    reject: `p=reject: receivers refuse mail that fails DMARC at SMTP time. The strongest protection against spoofing of ${domain}.`,
  };
  const explanation = `${inherited ? `Inherited from ${recordDomain}: ${domain} gets ${record.sp ? `sp=${record.sp}` : `p=${p}`}. ` : ''}${describe[applies]}${warns.length ? ` ${warns.join('. ')}.` : ''}${notes.length ? ` (${notes.join('; ')}.)` : ''}`;
  if (applies === 'none') {
    return {
      ...base,
      status: 'warn',
      title: 'DMARC p=none: monitoring only',
      explanation,
      fix: 'Once the aggregate reports show all legitimate mail passing SPF or DKIM in alignment, move to p=quarantine (optionally with pct= first), then p=reject.',
      evidence: { dns, facts },
    };
  }
  return {
    ...base,
    status: warns.length ? 'warn' : 'pass',
    title: `DMARC p=${applies}${warns.length ? ` (${warns.length} caveat${warns.length > 1 ? 's' : ''})` : ''}`,
    explanation,
    fix: warns.length ? 'Set sp=/np= at least as strong as p= (or drop them to inherit p=), and pct=100 / remove t=y once confident.' : null,
    evidence: { dns, facts },
  };
}

function alignmentCheck(record: DmarcRecord, dns: Dns, domain: string): CheckResult {
  const words = (mode: 'r' | 's', what: string) =>
    mode === 's'
      ? `${what} strict: the domain must equal ${domain} exactly`
      : `${what} relaxed (the default): any domain under the same organisational domain aligns (mail.${domain} aligns with ${domain})`;
  const strict = record.adkim === 's' || record.aspf === 's';
  return {
    id: 'dmarc.alignment',
    group,
    subject: null,
    status: 'info',
    title: `Alignment: DKIM ${record.adkim === 's' ? 'strict' : 'relaxed'}, SPF ${record.aspf === 's' ? 'strict' : 'relaxed'}`,
    explanation: `DMARC passes only when SPF or DKIM passes for a domain that "aligns" with the From: domain. ${words(record.adkim, 'adkim= is')}; ${words(record.aspf, 'aspf= is')}.${strict ? ' Strict alignment fails mail from services that sign or bounce with a subdomain of yours (e.g. em123.' + domain + ') — check the reports before keeping it.' : ''}`,
    fix: null,
    evidence: { dns, facts: [{ label: 'adkim', value: record.adkim }, { label: 'aspf', value: record.aspf }] },
  };
}

function reportsCheck(record: DmarcRecord, dns: Dns, recordDomain: string): CheckResult {
  const base = { id: 'dmarc.reports', group, subject: null };
  const facts = [...record.rua.map((u) => ({ label: 'rua', value: u.raw })), ...record.ruf.map((u) => ({ label: 'ruf', value: u.raw }))];
  const bad = [...record.rua, ...record.ruf].filter((u) => u.problem);
  if (bad.length) {
    return { ...base, status: 'fail', title: 'Invalid DMARC report address', explanation: `${bad.map((u) => u.problem).join('; ')}. Receivers skip URIs they cannot use, so those reports are lost.`, fix: 'Use mailto: URIs, e.g. "rua=mailto:dmarc@example.com".', evidence: { dns, facts } };
  }
  if (record.rua.length === 0) {
    return {
      ...base,
      status: 'warn',
      title: 'No DMARC aggregate reports (rua=)',
      explanation: `The record has no rua= tag, so receivers send no aggregate reports: you cannot see which servers send mail as ${recordDomain}, which of them fail SPF/DKIM, or whether it is safe to move to a stricter policy.`,
      fix: `Add "rua=mailto:<an address you read or a DMARC report service>" to the record.`,
      evidence: { dns, facts },
    };
  }
  return {
    ...base,
    status: 'pass',
    title: `Aggregate reports go to ${record.rua.map((u) => u.address ?? u.raw).join(', ')}`,
    explanation: `Receivers that support DMARC reporting send daily aggregate (XML) reports to the rua= address${record.rua.length > 1 ? 'es' : ''}.${record.ruf.length ? ` ruf= asks for per-message failure reports too; few large receivers send them (privacy), so expect little there.` : ''} Addresses outside ${recordDomain} must authorise the reports (checked separately).`,
    fix: null,
    evidence: { dns, facts },
  };
}

async function reportAuthCheck(dnsView: ProbeDns, policyDomain: string, reportDomain: string, record: DmarcRecord): Promise<CheckResult> {
  const ev = new Evidence(dnsView);
  const name = `${policyDomain}._report._dmarc.${reportDomain}`;
  const lookup = await ev.lookup(name, 'TXT');
  const base = { id: `dmarc.report-auth.${reportDomain}`, group, subject: reportDomain };
  const tags = [...record.rua.filter((u) => u.domain === reportDomain).map(() => 'rua'), ...record.ruf.filter((u) => u.domain === reportDomain).map(() => 'ruf')];
  const facts = [{ label: 'Authorization record', value: name }, { label: 'Used by', value: [...new Set(tags)].join(', ') }];
  if (failed(lookup)) return couldNotCheck({ ...base, what: `whether ${reportDomain} accepts reports for ${policyDomain}` }, lookup.query, ev.queries, facts);
  const ok = txtOf(lookup).some((r) => /^v\s*=\s*DMARC1(\s*;|\s*$)/i.test(r.text));
  if (ok) {
    return {
      ...base,
      status: 'pass',
      title: `${reportDomain} accepts DMARC reports for ${policyDomain}`,
      explanation: `Reports go to a domain other than ${policyDomain}, so receivers first check that ${reportDomain} agreed to receive them (RFC 7489 §7.1): ${name} publishes "v=DMARC1". Reports will be sent.`,
      fix: null,
      evidence: { dns: ev.queries, facts },
    };
  }
  return {
    ...base,
    status: 'fail',
    title: `${reportDomain} has not authorised DMARC reports for ${policyDomain}`,
    explanation: `The record sends reports to ${reportDomain}, a different domain. To stop anyone flooding a stranger with reports, receivers only send them there if ${reportDomain} publishes a TXT "v=DMARC1" at ${name} (RFC 7489 §7.1). ${outcomeText(lookup.query)}, so receivers drop these reports — you get none of them.`,
    fix: `If ${reportDomain} is your report service, ask it to add ${policyDomain} to your account (it publishes the record). If it is your own domain, publish "${name}. TXT \\"v=DMARC1\\"". Otherwise use a report address under ${policyDomain}.`,
    evidence: { dns: ev.queries, facts },
  };
}

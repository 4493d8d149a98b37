/**
 * Reverse DNS: for the sending IP and every MX address, the PTR record, and
 * whether the name resolves back to the same address (forward-confirmed
 * reverse DNS, FCrDNS). Gmail and Yahoo require a PTR with matching forward
 * record for senders; MX addresses send bounces, so theirs matter too.
 * Generic-looking names (ip-1-2-3-4.dyn…) are flagged: receivers read them as
 * residential space.
 */
import { getDomain } from 'tldts';
import { isIPv4, isPrivateIP } from '../../../../shared/analysis/ip';
import type { ProbeFact, ProbeStatus } from '../../../../shared/model/probe';
import { genericPtrReasons } from '../../../../shared/probe/generic-ptr';
import { canonicalIP, ptrName } from '../../../../shared/probe/reverse-name';
import type { CheckResult, ProbeCheckDefinition, ProbeContext } from '../check-types';
import { QueryLog, addressSubjects, addresses, isLookupFailure, lookupFailureFix, names, outcomeWords, type IpSubject } from './more-dns';

/** How many PTR names are followed forward (a PTR set larger than this is itself a problem). */
const MAX_NAMES = 5;

export const ptrCheck: ProbeCheckDefinition = {
  group: 'ptr',
  name: 'Reverse DNS',
  applies: () => true,
  async run(ctx, report) {
    const subjects = await addressSubjects(ctx);
    if (subjects.length === 0) {
      report({
        id: 'ptr.none', group: 'ptr', subject: null, status: 'info',
        title: 'No address to check reverse DNS for',
        explanation: `${ctx.request.domain} has no MX address and no sending IP was given, so there is no PTR to look up.`,
        fix: 'Give the IP your mail leaves from (--ip) to check its PTR and forward confirmation.',
        evidence: { dns: ctx.dns.queries.slice() },
      });
      return;
    }
    await Promise.all(subjects.map(async (s) => report(await checkAddress(ctx, s))));
  },
};

async function checkAddress(ctx: ProbeContext, subject: IpSubject): Promise<CheckResult> {
  const log = new QueryLog(ctx.dns).add(...subject.found);
  const label = `${subject.ip} (${subject.roles.join(', ')})`;
  const base = { id: `ptr.${subject.ip}`, group: 'ptr' as const, subject: subject.ip };
  const severe: ProbeStatus = subject.sending ? 'fail' : 'warn';
  const why = subject.sending
    ? 'Gmail, Yahoo and Outlook expect every sending address to have a PTR whose name resolves back to it; without it mail is rejected (Gmail 550 5.7.25) or spam-foldered.'
    : 'An MX host also sends (bounces, forwards, auto-replies); receivers judge those by its PTR like any sender.';

  if (isPrivateIP(subject.ip)) {
    return { ...base, status: 'info', title: `${label} is a private or loopback address`, explanation: 'Reverse DNS of a private address is local to its network; Internet receivers never see it.', fix: null, evidence: { dns: log.queries } };
  }
  const reverse = ptrName(subject.ip)!;
  const ptr = await log.lookup(reverse, 'PTR');
  if (isLookupFailure(ptr)) {
    return { ...base, status: 'error', title: `Could not look up the PTR of ${label}`, explanation: `${outcomeWords(ptr)}. Resolver: ${ctx.dns.description}.`, fix: `${lookupFailureFix(ptr)} The reverse zone is run by whoever holds the address block (your hosting or network provider).`, evidence: { dns: log.queries } };
  }
  const ptrNames = names(ptr);
  if (ptrNames.length === 0) {
    return {
      ...base, status: severe,
      title: `${label}: no PTR record`,
      explanation: `${outcomeWords(ptr)}. ${why}`,
      fix: `Ask whoever provides the address (hosting or network provider; they hold the reverse zone) to set the PTR of ${subject.ip} to the server's mail host name, and publish an ${isIPv4(subject.ip) ? 'A' : 'AAAA'} record for that name pointing back to ${subject.ip}.`,
      evidence: { dns: log.queries, facts: [{ label: 'PTR query', value: `${reverse} PTR` }] },
    };
  }

  const family = isIPv4(subject.ip) ? 'A' : 'AAAA';
  const want = canonicalIP(subject.ip);
  const followed = ptrNames.slice(0, MAX_NAMES);
  const forward = await Promise.all(followed.map(async (name) => {
    const lookup = await log.lookup(name, family);
    const ips = addresses(lookup).map((a) => canonicalIP(a) ?? a);
    return { name, lookup, ips, confirms: ips.includes(want ?? subject.ip) };
  }));
  const confirmed = forward.filter((f) => f.confirms);
  const failed = forward.filter((f) => isLookupFailure(f.lookup));
  const generic = followed.map((name) => ({ name, reasons: genericPtrReasons(name, subject.ip, getDomain(name)) })).filter((g) => g.reasons.length);

  const facts: ProbeFact[] = [
    { label: 'PTR', value: ptrNames.join(', ') },
    ...forward.map((f) => ({ label: `${f.name} ${family}`, value: f.ips.join(', ') || f.lookup.query.outcome })),
    { label: 'Forward-confirmed', value: confirmed.length ? `yes (${confirmed.map((c) => c.name).join(', ')})` : 'no' },
  ];
  const problems: string[] = [];
  const fixes: string[] = [];
  let status: ProbeStatus = 'pass';
  const worsen = (s: ProbeStatus) => { if (rank(s) > rank(status)) status = s; };

  if (confirmed.length === 0) {
    if (failed.length === forward.length) {
      worsen('error');
      problems.push(`The PTR name's ${family} lookup failed (${failed.map((f) => outcomeWords(f.lookup)).join('; ')}), so forward confirmation is unknown.`);
    } else {
      worsen(severe);
      problems.push(`Forward confirmation fails: ${forward.map((f) => `${f.name} → ${f.ips.length ? f.ips.join(', ') : f.lookup.query.outcome.toUpperCase()}`).join('; ')}, which does not include ${subject.ip}. ${why}`);
      fixes.push(`Publish ${family} ${subject.ip} for ${followed[0]} (or change the PTR to a name that already points to ${subject.ip}).`);
    }
  }
  if (ptrNames.length > 1) {
    worsen('warn');
    problems.push(`There are ${ptrNames.length} PTR records; many receivers look at one only, picked at random.`);
    fixes.push('Keep a single PTR per address.');
  }
  if (generic.length) {
    worsen('warn');
    problems.push(`${generic.map((g) => `${g.name} looks generic: ${g.reasons.join('; ')}`).join('. ')}. Receivers read generic names as dynamic or residential space and distrust direct mail from it.`);
    fixes.push(`Set a specific PTR such as mail.${ctx.request.domain} (with a matching ${family} record).`);
  }
  const mxHosts = subject.roles.filter((r) => r.startsWith('MX ')).map((r) => r.slice(3));
  const mxNote = mxHosts.length && !mxHosts.some((h) => ptrNames.includes(h)) ? ` (The MX name is ${mxHosts.join(', ')}; the PTR need not equal it, but a matching one is tidy.)` : '';

  let title = `${label}: PTR ${ptrNames.join(', ')}`;
  if (status === 'pass') title = `${label}: PTR ${ptrNames[0]}, forward-confirmed`;
  else if (status === 'error') title = `${label}: PTR ${ptrNames[0]}, forward confirmation unknown`;
  else if (confirmed.length === 0) title = `${label}: PTR ${ptrNames[0]} does not resolve back (FCrDNS fails)`;
  else if (generic.length) title = `${label}: PTR ${generic[0]!.name} looks generic`;
  return {
    ...base, status, title,
    explanation: status === 'pass'
      ? `${subject.ip} has PTR ${ptrNames[0]}, and ${ptrNames[0]} resolves back to ${subject.ip}: reverse DNS is forward-confirmed.${mxNote}`
      : `${subject.ip} has PTR ${ptrNames.join(', ')}. ${problems.join(' ')}${mxNote}`,
    fix: fixes.length ? fixes.join(' ') : null,
    evidence: { dns: log.queries, facts: [...facts, ...generic.map((g) => ({ label: 'Generic-looking', value: `${g.name}: ${g.reasons.join('; ')}` }))] },
  };
}

function rank(s: ProbeStatus): number {
  return { pass: 0, info: 1, warn: 2, error: 3, fail: 4 }[s];
}

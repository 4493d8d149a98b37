/**
 * SPF (RFC 7208): which servers may send mail with this domain in MAIL FROM.
 * Reports, with stable ids:
 * - `spf.record`        exactly one v=spf1 TXT record (none = fail, several = permerror)
 * - `spf.syntax`        every term of every record in the tree well formed
 * - `spf.includes`      include/redirect targets exist, have one SPF record, no loops
 * - `spf.lookups`       DNS-querying terms vs the limit of 10 — carries the tree (evidence.spfTree)
 * - `spf.void-lookups`  lookups that found nothing vs the limit of 2
 * - `spf.all`           how mail from unlisted servers is judged (+all/?all/~all/-all)
 * - `spf.ptr`           the deprecated ptr mechanism
 * - `spf.length`        record size and how it is split into 255-byte strings
 * - `spf.ip`            given an IP: mailauth's verdict for it, over the run's DNS
 *                       (reported even when the record is missing or duplicated: none / permerror)
 */
import { spf as mailauthSpf, type DNSResolver } from 'mailauth';
import type { ProbeFact, SpfTreeNode } from '../../../../shared/model/probe';
import type { CheckResult, ProbeCheckDefinition, ProbeContext } from '../check-types';
import { toMailauthResolver } from '../dns/mailauth-resolver';
import { capitalise, couldNotCheck, Evidence, failed, outcomeText, plural, txtOf } from './dns-check-helpers';
import { isSpfRecord, parseTerm } from './spf-record';
import { buildSpfTree, type SpfTreeResult } from './spf-tree';

const LOOKUP_LIMIT = 10;
const VOID_LIMIT = 2;
/** RFC 7208 §3.4: keep the answer within 512 bytes; ~450 bytes of record leaves room for the rest of the packet. */
const COMFORTABLE_LENGTH = 450;

const group = 'spf' as const;

export const spfCheck: ProbeCheckDefinition = {
  group,
  name: 'SPF',
  applies: () => true,
  async run(ctx, report) {
    const domain = ctx.request.domain;
    const ev = new Evidence(ctx.dns);
    const txt = await ev.lookup(domain, 'TXT');
    if (failed(txt)) {
      report(couldNotCheck({ id: 'spf.record', group, subject: null, what: `the SPF record of ${domain}` }, txt.query, ev.queries));
      if (ctx.request.ip) report(await ipCheck(ctx, domain, ctx.request.ip, null));
      return;
    }
    const all = txtOf(txt);
    const records = all.filter((r) => isSpfRecord(r.text));
    const nearMisses = all.filter((r) => !isSpfRecord(r.text) && /^\s*"?\s*v\s*=\s*spf/i.test(r.text));
    if (records.length === 0) {
      report({
        id: 'spf.record',
        group,
        subject: null,
        status: 'fail',
        title: 'No SPF record',
        explanation:
          `${domain} publishes no TXT record starting with "v=spf1" (${outcomeText(txt.query)}). Receivers get SPF "none": nothing says which servers may send for ${domain}, so mail from it cannot pass SPF, DMARC can only pass through DKIM, and Gmail and Yahoo require SPF or DKIM for all senders (both for bulk senders).` +
          (nearMisses.length ? ` A TXT record looks like a broken attempt: "${nearMisses[0]?.text}" — it must start exactly with "v=spf1" (lower case, no leading space or quote).` : ''),
        fix: `Publish one TXT record at ${domain} listing your sending services, e.g. "v=spf1 include:<your provider's SPF domain> -all"; if the domain sends no mail at all, publish "v=spf1 -all".`,
        evidence: { dns: ev.queries },
      });
      if (ctx.request.ip) report(await ipCheck(ctx, domain, ctx.request.ip, null));
      return;
    }
    if (records.length > 1) {
      report({
        id: 'spf.record',
        group,
        subject: null,
        status: 'fail',
        title: `${records.length} SPF records: permerror`,
        explanation: `${domain} publishes ${records.length} TXT records starting with "v=spf1". RFC 7208 §4.5 says a domain must have exactly one; with several, every receiver returns "permerror" — SPF fails for ALL mail from ${domain}, including your legitimate servers. This usually happens when a second service is added by creating a new record instead of editing the existing one.`,
        fix: `Merge them into one record: keep one "v=spf1", put every include/ip4/ip6 term from both records in it, end it with one "all" (e.g. "-all" or "~all"), and delete the other record.`,
        evidence: { dns: ev.queries, facts: records.map((r, i) => ({ label: `Record ${i + 1}`, value: r.text })) },
      });
      if (ctx.request.ip) report(await ipCheck(ctx, domain, ctx.request.ip, null));
      return;
    }
    const record = records[0] as { text: string; chunks: string[] };
    report({
      id: 'spf.record',
      group,
      subject: null,
      status: 'pass',
      title: 'One SPF record',
      explanation: `${domain} publishes exactly one SPF record, as RFC 7208 requires. Receivers evaluate it against the IP address of the server that sends mail with ${domain} in MAIL FROM (the Return-Path). The checks below look at what is in it.`,
      fix: null,
      evidence: { dns: ev.queries, facts: [{ label: 'Record', value: record.text }, ...(txt.query.ttl !== null ? [{ label: 'TTL', value: `${txt.query.ttl} s` }] : [])] },
    });

    const treeEv = new Evidence(ctx.dns).cite(txt);
    const tree = await buildSpfTree(treeEv.asDns(), domain, record.text, ctx.request.ip);
    const dns = treeEv.queries;
    report(syntaxCheck(tree, dns));
    report(includesCheck(tree, dns));
    report(lookupsCheck(tree, dns));
    report(voidCheck(tree, dns));
    report(allCheck(tree, dns, domain));
    report(ptrCheck(tree, dns));
    report(lengthCheck(record, txt.query, domain));
    if (ctx.request.ip) report(await ipCheck(ctx, domain, ctx.request.ip, tree));
  },
};

function syntaxCheck(tree: SpfTreeResult, dns: CheckResult['evidence']['dns']): CheckResult {
  const problems = tree.problems.filter((p) => !p.problem.startsWith('ptr is deprecated'));
  const base = { id: 'spf.syntax', group, subject: null, evidence: { dns, facts: problems.map((p) => ({ label: `${p.domain}: ${p.term}`, value: p.problem })) } };
  if (problems.length === 0) {
    return { ...base, status: 'pass', title: 'SPF syntax is valid', explanation: 'Every mechanism and modifier in the record and in every record it includes is well formed.', fix: null };
  }
  const fatal = problems.some((p) => /permerror|not an SPF mechanism|not a valid|malformed|needs|empty|not a fully|characters/.test(p.problem));
  return {
    ...base,
    status: fatal ? 'fail' : 'warn',
    title: `${plural(problems.length, 'syntax problem')} in SPF`,
    explanation: `${problems.map((p) => `In ${p.domain}: ${p.problem}`).join('; ')}. ${fatal ? 'A malformed term makes receivers stop with "permerror", and SPF fails for every message — DMARC then depends on DKIM alone.' : 'These do not break evaluation, but they mean the record does not do what it looks like it does.'}`,
    fix: 'Correct the terms listed (check for typos, missing ":" after include/ip4/ip6, spaces inside a term, and copy-pasted smart quotes), then re-run the probe.',
  };
}

function includesCheck(tree: SpfTreeResult, dns: CheckResult['evidence']['dns']): CheckResult {
  const base = { id: 'spf.includes', group, subject: null };
  const facts: ProbeFact[] = [
    ...tree.loops.map((l) => ({ label: 'Loop', value: l })),
    ...tree.brokenTargets.map((b) => ({ label: b.term, value: b.why })),
    ...tree.failures.map((q) => ({ label: `${q.type} ${q.name}`, value: q.outcome.toUpperCase() })),
  ];
  if (tree.loops.length > 0 || tree.brokenTargets.length > 0) {
    const parts = [
      ...tree.loops.map((l) => `an include loop (${l}): the record includes itself, so evaluation never ends and receivers stop with permerror`),
      ...tree.brokenTargets.map((b) => `"${b.term}": ${b.why}, which makes the whole evaluation a permerror (RFC 7208 §5.2)`),
    ];
    return {
      ...base,
      status: 'fail',
      title: tree.loops.length ? 'SPF include loop' : 'SPF includes a domain without one valid SPF record',
      explanation: `${capitalise(parts.join('; '))}. Receivers evaluate terms in order and stop at the first match, so servers matched by an earlier term still pass; mail from any other server reaches the broken term and gets permerror, which most receivers treat as a failure.`,
      fix: tree.loops.length
        ? 'Remove the include (or redirect) that points back to a record already on the chain.'
        : 'Remove the include for a service you no longer use, or correct the domain name to the one your provider documents (e.g. include:_spf.google.com, include:spf.protection.outlook.com).',
      evidence: { dns, facts },
    };
  }
  if (tree.failures.length > 0) {
    const q = tree.failures[0];
    if (q) return couldNotCheck({ ...base, what: 'every include of the SPF record' }, q, dns, facts);
  }
  const count = countKind(tree.root, 'include') + countKind(tree.root, 'redirect');
  return {
    ...base,
    status: 'pass',
    title: count ? `${plural(count, 'include/redirect')} resolved` : 'No includes',
    explanation: count ? 'Every included or redirected domain publishes exactly one SPF record, and nothing loops.' : 'The record includes no other records.',
    fix: null,
    evidence: { dns, facts },
  };
}

function countKind(n: SpfTreeNode, kind: string): number {
  return n.children.reduce((sum, c) => sum + (c.kind === kind ? 1 : 0) + countKind(c, kind), 0);
}

function lookupTerms(n: SpfTreeNode, where: string, out: ProbeFact[]): ProbeFact[] {
  for (const c of n.children) {
    if (c.countsLookup && !c.problem?.startsWith('ignored')) out.push({ label: `${out.length + 1}. ${c.term}`, value: `in ${where}` });
    if (c.children.length) lookupTerms(c, c.domain ?? where, out);
  }
  return out;
}

function lookupsCheck(tree: SpfTreeResult, dns: CheckResult['evidence']['dns']): CheckResult {
  const n = tree.lookups;
  const base = { id: 'spf.lookups', group, subject: null, evidence: { dns, spfTree: tree.root, facts: lookupTerms(tree.root, tree.root.domain ?? '', []) } };
  const what = `The record and everything it includes contain ${n} terms that make DNS queries (include, a, mx, ptr, exists, redirect). RFC 7208 §4.6.4 allows at most ${LOOKUP_LIMIT} per evaluation; ip4, ip6 and all are free.`;
  if (n > LOOKUP_LIMIT) {
    return {
      ...base,
      status: 'fail',
      title: `${n} DNS lookups: over the limit of ${LOOKUP_LIMIT} (permerror)`,
      explanation: `${what} Receivers stop at the 11th and return "permerror": SPF fails for any sending IP not matched by an earlier term — typically the servers listed last — and many receivers treat permerror as fail outright.`,
      fix: 'Remove includes for services you no longer use; replace a/mx terms with the ip4/ip6 ranges they stand for; ask providers for a narrower include. Be careful with "SPF flattening" (replacing includes by IPs): the provider\'s ranges change without notice.',
    };
  }
  if (tree.failures.length > 0 && tree.failures[0]) {
    return { ...couldNotCheck({ id: 'spf.lookups', group, subject: null, what: 'all DNS lookups of the SPF tree' }, tree.failures[0], dns), evidence: base.evidence };
  }
  return {
    ...base,
    status: n >= LOOKUP_LIMIT - 1 ? 'warn' : 'pass',
    title: `${n} of ${LOOKUP_LIMIT} DNS lookups`,
    explanation: n >= LOOKUP_LIMIT - 1 ? `${what} It is at the edge: one more include — or a provider adding a nested include to theirs — tips it into permerror.` : `${what} This record is within the limit.`,
    fix: n >= LOOKUP_LIMIT - 1 ? 'Make room before you need it: drop unused includes, or replace a/mx terms by ip4/ip6.' : null,
  };
}

function voidCheck(tree: SpfTreeResult, dns: CheckResult['evidence']['dns']): CheckResult {
  const n = tree.voids.length;
  const facts = tree.voids.map((v) => ({ label: v.term, value: `${v.domain ?? ''}: nothing found` }));
  const base = { id: 'spf.void-lookups', group, subject: null, evidence: { dns, facts } };
  const what = `${plural(n, 'term')} look${n === 1 ? 's' : ''} up a name that has nothing (NXDOMAIN or no record)${n ? `: ${tree.voids.map((v) => v.term).join(', ')}` : ''}. RFC 7208 §4.6.4 lets receivers stop with permerror after ${VOID_LIMIT} such "void lookups" — a guard against records used to flood DNS.`;
  if (n > VOID_LIMIT) {
    return { ...base, status: 'fail', title: `${n} void lookups: over the limit of ${VOID_LIMIT}`, explanation: `${what} Receivers that enforce it return permerror.`, fix: 'Remove terms that point at names that no longer exist (old providers, typos).' };
  }
  return {
    ...base,
    status: n > 0 ? 'warn' : 'pass',
    title: n ? `${plural(n, 'void lookup')} (limit ${VOID_LIMIT})` : 'No void lookups',
    explanation: n ? `${what} Within the limit, but each is a term that does nothing.` : 'Every name the record looks up exists and has records.',
    fix: n ? 'Remove the terms listed: they point at names with nothing there.' : null,
  };
}

function allCheck(tree: SpfTreeResult, dns: CheckResult['evidence']['dns'], domain: string): CheckResult {
  const base = { id: 'spf.all', group, subject: null, evidence: { dns, facts: tree.finalAll ? [{ label: 'Ends with', value: `${tree.finalAll.qualifier}all (in ${tree.finalAll.domain})` }] : [] } };
  const via = tree.finalAll && tree.finalAll.via.length > 1 ? ` (reached through redirect to ${tree.finalAll.domain})` : '';
  switch (tree.finalAll?.qualifier) {
    case '+':
      return { ...base, status: 'fail', title: '+all: every server on the internet may send as this domain', explanation: `The record ends with "+all"${via}: any IP address passes SPF for ${domain}. SPF then protects nothing, and spam filters treat it as a sign of a careless or abused domain.`, fix: 'Replace "+all" with "~all" (or "-all") after listing your real sending services.' };
    case '?':
      return { ...base, status: 'warn', title: '?all: unlisted servers get "neutral"', explanation: `The record ends with "?all"${via}: mail from servers it does not list gets "neutral" — the same as having no opinion. DMARC does not count neutral as a pass, but receivers get no signal that the mail is forged either.`, fix: 'Once every real sending service is listed, change "?all" to "~all" (or "-all").' };
    case '~':
      return { ...base, status: 'pass', title: '~all: unlisted servers soft-fail', explanation: `The record ends with "~all"${via}: mail from servers it does not list gets "softfail" — accepted but marked suspicious. With DMARC enforcing, that is the usual recommendation: the final decision is left to DMARC, which also considers DKIM (so forwarded mail with a valid signature survives).`, fix: null };
    case '-':
      return { ...base, status: 'pass', title: '-all: unlisted servers fail', explanation: `The record ends with "-all"${via}: mail from servers it does not list gets "fail". The strictest setting; note that some receivers reject on SPF fail at SMTP time, before DKIM or DMARC are looked at, which can bounce forwarded mail that DKIM would have passed.`, fix: null };
    default:
      if (tree.root.children.some((c) => c.kind === 'redirect' && !c.problem?.startsWith('ignored'))) {
        return { ...base, status: 'warn', title: 'SPF ends in a redirect= that could not be followed', explanation: `The record hands evaluation to its redirect= target, but that record could not be read (see the includes check), so how unlisted servers are judged is unknown — receivers get permerror or temperror instead.`, fix: 'Fix the redirect= target (or replace the redirect by the terms it should contain and an "~all"/"-all").' };
      }
      return { ...base, status: 'warn', title: 'No "all" at the end of SPF', explanation: `The record has no "all" mechanism and no redirect: mail from servers it does not list gets the default "neutral" (RFC 7208 §4.7), which does not help receivers spot forgeries.`, fix: 'End the record with "~all" or "-all".' };
  }
}

function ptrCheck(tree: SpfTreeResult, dns: CheckResult['evidence']['dns']): CheckResult {
  const base = { id: 'spf.ptr', group, subject: null, evidence: { dns, facts: tree.ptr.map((d) => ({ label: 'ptr used in', value: d })) } };
  if (tree.ptr.length === 0) return { ...base, status: 'pass', title: 'No deprecated ptr mechanism', explanation: 'The record does not use "ptr", which RFC 7208 §5.5 says should not be used.', fix: null };
  return {
    ...base,
    status: 'warn',
    title: 'SPF uses the deprecated ptr mechanism',
    explanation: `"ptr" appears in the record of ${tree.ptr.join(', ')}. RFC 7208 §5.5 deprecates it: it makes receivers do reverse and forward lookups for every message, is slow and unreliable, and some large receivers ignore it — so servers that only match through ptr may fail SPF there.`,
    fix: 'Replace ptr with the ip4/ip6 ranges (or a/mx terms) of the servers it was meant to cover.',
  };
}

function lengthCheck(record: { text: string; chunks: string[] }, query: CheckResult['evidence']['dns'][number], domain: string): CheckResult {
  const bytes = Buffer.byteLength(record.text, 'utf8');
  const facts: ProbeFact[] = [
    { label: 'Length', value: `${bytes} bytes` },
    { label: 'Strings', value: record.chunks.map((c) => `${Buffer.byteLength(c, 'utf8')} bytes`).join(' + ') },
  ];
  // Receivers join the strings with nothing in between (RFC 7208 §3.3): a split without a space glues two terms.
  const glued: string[] = [];
  for (let i = 0; i + 1 < record.chunks.length; i++) {
    const left = record.chunks[i] as string;
    const right = record.chunks[i + 1] as string;
    if (/\s$/.test(left) || /^\s/.test(right)) continue;
    const l = left.split(/\s+/).pop() ?? '';
    const r = right.split(/\s+/)[0] ?? '';
    const joined = parseTerm(l + r);
    if (joined.problem && !parseTerm(l).problem && !parseTerm(r).problem) glued.push(`"${l}" + "${r}" → "${l + r}"`);
  }
  const base = { id: 'spf.length', group, subject: null, evidence: { dns: [query], facts } };
  if (glued.length > 0) {
    return {
      ...base,
      status: 'fail',
      title: 'SPF strings are joined without a space',
      explanation: `The record is published as ${record.chunks.length} strings (a TXT string holds at most 255 bytes). Receivers join them with nothing in between (RFC 7208 §3.3), so ${glued.join('; ')} — one broken term, permerror.`,
      fix: 'End each string with a space (or start the next one with a space) where a term ends.',
    };
  }
  if (bytes > COMFORTABLE_LENGTH) {
    return {
      ...base,
      status: 'warn',
      title: `SPF record is ${bytes} bytes`,
      explanation: `At ${bytes} bytes (in ${plural(record.chunks.length, 'string')}) the answer for ${domain} TXT is likely over 512 bytes, so it may not fit a plain UDP DNS reply; resolvers then retry over TCP (or use EDNS0). Most do, but a receiver behind a resolver or firewall that blocks DNS over TCP gets temperror. RFC 7208 §3.4 advises keeping it smaller.`,
      fix: 'Shorten the record: drop unused terms, use CIDR ranges instead of single IPs, or move groups of ip4/ip6 terms to an include.',
    };
  }
  return {
    ...base,
    status: 'pass',
    title: `SPF record is ${bytes} bytes${record.chunks.length > 1 ? ` in ${record.chunks.length} strings` : ''}`,
    explanation: record.chunks.length > 1 ? `The record is split into ${record.chunks.length} strings (each at most 255 bytes); receivers join them without spaces, and every split here falls where that is harmless.` : 'The record fits in one string and comfortably in one DNS reply.',
    fix: null,
  };
}

const IP_STATUS: Record<string, CheckResult['status']> = { pass: 'pass', fail: 'fail', softfail: 'warn', neutral: 'warn', none: 'fail', permerror: 'fail', temperror: 'error' };

async function ipCheck(ctx: ProbeContext, domain: string, ip: string, tree: SpfTreeResult | null): Promise<CheckResult> {
  const ev = new Evidence(ctx.dns);
  const resolver = toMailauthResolver(ev.asDns()) as unknown as DNSResolver;
  const base = { id: 'spf.ip', group, subject: ip };
  try {
    const r = await mailauthSpf({ ip, sender: `postmaster@${domain}`, helo: domain, mta: 'mailscope-probe', resolver, maxElapsedTime: 20_000 });
    const result = String(r.status.result);
    const facts: ProbeFact[] = [
      { label: 'Result (mailauth)', value: result },
      ...(r.status.comment ? [{ label: 'Comment', value: String(r.status.comment) }] : []),
      ...(r.lookups ? [{ label: 'Lookups made', value: `${r.lookups.count} of ${r.lookups.limit}` }] : []),
    ];
    const words: Record<string, string> = {
      pass: `${ip} is authorised: mail from it with ${domain} in MAIL FROM passes SPF.`,
      fail: `${ip} is NOT authorised: the record ends in -all and nothing matches it, so SPF fails; receivers may reject, and DMARC fails unless DKIM passes and aligns.`,
      softfail: `${ip} is not listed; the record ends in ~all, so SPF soft-fails: usually accepted but marked, and DMARC does not count it as a pass.`,
      neutral: `${ip} is not listed and the record asks for "neutral": SPF does not pass, so DMARC depends on DKIM.`,
      none: `There is no usable SPF record, so nothing can authorise ${ip}.`,
      permerror: `The record cannot be evaluated (permerror) — see the checks above — so SPF fails for ${ip} at most receivers.`,
      temperror: `A DNS failure stopped the evaluation (temperror): receivers defer or accept without SPF.`,
    };
    const treeSays = !tree || tree.ipResult === null ? null : ({ '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' } as const)[tree.ipResult];
    if (treeSays && treeSays !== result && !result.endsWith('error')) facts.push({ label: 'Tree walk', value: `the expanded tree gives "${treeSays}"; mailauth's verdict above is the one that counts` });
    return {
      ...base,
      status: IP_STATUS[result] ?? 'error',
      title: `SPF for ${ip}: ${result}`,
      explanation: `${words[result] ?? `mailauth returned "${result}".`} Evaluated by mailauth as a receiver would, for MAIL FROM postmaster@${domain}, over the same DNS answers as the rest of this report.`,
      fix: result === 'pass' ? null : result === 'temperror' ? 'Re-run; if it persists, fix the DNS failure shown in the evidence.' : `If ${ip} sends mail for ${domain}, add it to the record ("ip4:${ip}" or the include of the service that owns it), keeping within 10 lookups.`,
      evidence: { dns: ev.queries, facts, ...(tree ? { spfTree: tree.root } : {}) },
    };
  } catch (err) {
    return { ...base, status: 'error', title: `Could not evaluate SPF for ${ip}`, explanation: `mailauth stopped: ${(err as Error).message}.`, fix: 'Re-run the probe; report a bug if it keeps happening.', evidence: { dns: ev.queries } };
  }
}

/**
 * Blocklists: the sending IP and every MX address against the IP lists, the
 * domain against the domain lists (shared/probe/dnsbl-lists.ts), each answer
 * decoded by the list's own table. A refusal (Spamhaus 127.255.255.254, URIBL
 * 127.0.0.1…) or a failed query is "could not check" — never "listed", never
 * "clean". One ProbeCheck per list and subject, reported as each answers.
 */
import { getServers } from 'node:dns';
import { getDomain } from 'tldts';
import { isPrivateIP } from '../../../../shared/analysis/ip';
import type { ProbeStatus } from '../../../../shared/model/probe';
import {
  DNSBL_LISTS, decodeDnsblAnswer, dnsblLookupUrl, dnsblQueryName, worstSeverity,
  type DnsblCode, type DnsblList,
} from '../../../../shared/probe/dnsbl-lists';
import { publicResolverOf } from '../../../../shared/probe/public-resolvers';
import type { CheckResult, DnsLookup, ProbeCheckDefinition, ProbeContext } from '../check-types';
import { QueryLog, addressSubjects, addresses, outcomeWords, txtRecords } from './more-dns';
import { startEarly } from './start-early';

/**
 * Blocklist questions in flight at once. A domain with ten MX addresses asks
 * some ninety names; sent all at once they burst on the resolver (and on the
 * lists' volume limits). Two dozen covers a usual domain (two or three MX
 * addresses and a sending IP) in one round trip, so the limit does not
 * lengthen the report's critical path there.
 */
export const DNSBL_MAX_IN_FLIGHT = 24;

/** Run at most `n` of the given jobs at a time, in the order asked. */
function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    // A finishing job hands its slot straight to the next waiter, so no newcomer slips in between.
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

export const dnsblCheck: ProbeCheckDefinition = {
  group: 'dnsbl',
  name: 'Blocklists',
  applies: () => true,
  async run(ctx, report) {
    const resolverNote = reportPublicResolver(ctx, report);
    const limit = limiter(DNSBL_MAX_IN_FLIGHT);
    const domainLists = DNSBL_LISTS.filter((l) => l.kind === 'domain');
    const ipLists = DNSBL_LISTS.filter((l) => l.kind === 'ip');

    // Domain lists need nothing else: start them while the MX addresses resolve.
    // Domain lists key on registered domains: a probed subdomain is asked as itself and as its organisational domain.
    const org = getDomain(ctx.request.domain);
    const domains = org && org !== ctx.request.domain ? [ctx.request.domain, org] : [ctx.request.domain];
    // Held by startEarly (Promise.all handles each job, startEarly the whole): a cancel while the MX resolve must not
    // leave the domain questions' rejections unhandled.
    const domainJobs = startEarly(Promise.all(domainLists.flatMap((list) => domains.map((d) => limit(() => checkOne(ctx, list, d, { label: `${d} (${d === ctx.request.domain ? 'domain' : 'organisational domain'})`, sending: false, found: [] }, resolverNote)).then(report)))));
    const subjects = await addressSubjects(ctx);
    const ipJobs: Promise<void>[] = [];
    for (const subject of subjects) {
      const label = `${subject.ip} (${subject.roles.join(', ')})`;
      if (isPrivateIP(subject.ip)) {
        report({
          id: `dnsbl.private.${subject.ip}`, group: 'dnsbl', subject: subject.ip, status: 'info',
          title: `${label} is a private or loopback address: not looked up`,
          explanation: 'Blocklists list public Internet addresses. A private, loopback or link-local address never reaches another network, so asking about it would say nothing.',
          fix: null, evidence: { dns: new QueryLog(ctx.dns).add(...subject.found).queries },
        });
        continue;
      }
      const covering = ipLists.filter((l) => dnsblQueryName(l, subject.ip) !== null);
      const skipped = ipLists.filter((l) => !covering.includes(l));
      if (skipped.length) {
        report({
          id: `dnsbl.ipv6.${subject.ip}`, group: 'dnsbl', subject: subject.ip, status: 'info',
          title: `${label}: ${skipped.length} lists not asked (IPv6)`,
          explanation: `${skipped.map((l) => l.name).join(', ')} publish no IPv6 zone Mailscope knows of, so an IPv6 address is only checked against ${covering.map((l) => l.name).join(', ') || 'no list'}.`,
          fix: null, evidence: { dns: [] },
        });
      }
      for (const list of covering) ipJobs.push(limit(() => checkOne(ctx, list, subject.ip, { label, sending: subject.sending, found: subject.found }, resolverNote)).then(report));
    }
    await Promise.all([domainJobs, ...ipJobs]);
  },
};

/** Warn once, before any answer, when the chosen resolver is a public one the volume-limited lists refuse. */
function reportPublicResolver(ctx: ProbeContext, report: (c: CheckResult) => void): string | null {
  // With no servers chosen the run uses the system's, which may itself be a public resolver.
  const chosen = ctx.request.dns.servers.length > 0;
  const servers = chosen ? ctx.request.dns.servers : getServers();
  const found = servers.map((s) => ({ server: s, resolver: publicResolverOf(s) })).find((x) => x.resolver);
  if (!found?.resolver) return null;
  const refusing = DNSBL_LISTS.filter((l) => l.refusesPublicResolvers).map((l) => l.name);
  const note = `${chosen ? 'You chose' : 'The system resolver is'} ${found.server} (${found.resolver.name}), a public resolver: ${refusing.join(', ')} refuse queries that come through public resolvers, so their answers will be refusals, not verdicts.`;
  report({
    id: 'dnsbl.resolver', group: 'dnsbl', subject: found.server, status: 'warn',
    title: `Public resolver ${found.server}: Spamhaus, SURBL and URIBL will refuse`,
    explanation: `${note} These lists limit free use by query volume; a public resolver carries millions of users' queries and is over every limit. Their refusal codes (Spamhaus 127.255.255.254, URIBL and SURBL 127.0.0.1) are reported as "could not check".`,
    fix: 'Probe with the system resolver (if it is your own or your ISP\'s recursive resolver) or run a local recursive resolver (e.g. unbound) and pass it with --dns 127.0.0.1. Spamhaus also offers a free Data Query Service key.',
    evidence: { dns: [], facts: [{ label: 'Resolver', value: ctx.dns.description }] },
  });
  return note;
}

interface Who {
  label: string;
  sending: boolean;
  found: DnsLookup[];
}

async function checkOne(ctx: ProbeContext, list: DnsblList, subject: string, who: Who, resolverNote: string | null): Promise<CheckResult> {
  const log = new QueryLog(ctx.dns);
  for (const l of who.found) log.add(l);
  const name = dnsblQueryName(list, subject)!;
  const lookup = await log.lookup(name, 'A');
  const base = { id: `dnsbl.${list.zone}.${subject}`, group: 'dnsbl' as const, subject };
  const facts = [
    { label: 'List', value: `${list.name} (${list.zone})` },
    { label: 'Query', value: `${name} A` },
    { label: 'Access', value: list.access },
  ];
  const lookupPage = dnsblLookupUrl(list, subject);
  const evidence = () => ({ dns: log.queries, facts });

  const o = lookup.query.outcome;
  if (o === 'nxdomain' || o === 'nodata') {
    const neighbourhood = list.scope === 'neighbourhood';
    return {
      ...base, status: 'pass',
      title: neighbourhood ? `${who.label}: its network is not on ${list.name}` : `${who.label} not listed on ${list.name}`,
      explanation: `${list.name} has no entry for ${subject} (${o === 'nxdomain' ? 'NXDOMAIN: the list\'s "not listed" answer' : 'the name exists but carries no A record, which is not a listing'}).${list.id === 'barracuda' ? ' Barracuda only answers resolvers registered with it; an unregistered resolver can also get "no entry", so this pass is only as good as that registration.' : ''}`,
      fix: null, evidence: evidence(),
    };
  }
  if (o !== 'answer') {
    return {
      ...base, status: 'error',
      title: `Could not check ${list.name} for ${who.label}`,
      explanation: `The query failed — ${outcomeWords(lookup)}. Without an answer neither "listed" nor "clean" can be said. Resolver: ${ctx.dns.description}.`,
      fix: 'Run the probe again; if it keeps failing, try another resolver (your own recursive resolver answers blocklists best).',
      evidence: evidence(),
    };
  }

  const answers = addresses(lookup);
  const verdict = decodeDnsblAnswer(list, answers);
  const reason = async () => {
    const txt = await log.lookup(name, 'TXT');
    const text = txtRecords(txt).join(' ');
    return text ? ` The list's TXT record says: "${text.slice(0, 300)}".` : '';
  };

  switch (verdict.kind) {
    case 'not-listed':
      return { ...base, status: 'pass', title: `${who.label} not listed on ${list.name}`, explanation: `${list.name} answered without records for ${subject}.`, fix: null, evidence: evidence() };
    case 'invalid':
      return {
        ...base, status: 'error',
        title: `Could not check ${list.name} for ${who.label}: answer is not a blocklist code`,
        explanation: `${list.name} codes are addresses in 127.0.0.0/8, but the answer was ${verdict.answers.join(', ')}. Some resolvers (often ISPs') rewrite "does not exist" into the address of a search or ad page; that answer says nothing about the list. Resolver: ${ctx.dns.description}.`,
        fix: 'Use a resolver that does not rewrite NXDOMAIN answers (your own recursive resolver).',
        evidence: evidence(),
      };
    case 'refused': {
      const said = await reason();
      return {
        ...base, status: 'error',
        title: `Could not check: ${list.name} refuses queries from your resolver`,
        explanation: `${list.name} answered ${verdict.answers.join(', ')} for ${subject}: ${verdict.refusal.meaning}. This is not a listing and not a clean result — the question stays open.${said} Resolver: ${ctx.dns.description}. ${resolverNote ?? (ctx.request.dns.servers.length ? 'The list judges the resolver that reaches it: if the one you chose forwards to a shared or public resolver, that is the one refused.' : 'The system resolver may forward to a public or ISP-shared resolver (routers often do); that is the one the list sees and refuses.')}`,
        fix: verdict.refusal.fix,
        evidence: { dns: log.queries, facts: [...facts, { label: 'Answer', value: `${verdict.answers.join(', ')} (refusal)` }] },
      };
    }
    case 'listed': {
      const said = await reason();
      const status = listedStatus(list, verdict.codes, who.sending);
      const labels = verdict.codes.map((c) => c.label).join(', ');
      const meanings = verdict.codes.map((c) => `${c.code} ${c.label}: ${c.meaning}`).join('; ');
      const neighbourhood = list.scope === 'neighbourhood';
      return {
        ...base, status,
        title: neighbourhood ? `${who.label}: its network is on ${list.name}` : `${who.label} listed on ${list.name}: ${labels}`,
        explanation: neighbourhood
          ? `${list.name} lists whole address blocks or networks where many neighbours misbehaved (${meanings}). This is about the neighbourhood, not a listing of ${subject} itself, but receivers that use this level reject the whole range.${said}`
          : `${list.name} answered ${verdict.answers.join(', ')} for ${subject} — ${meanings}.${said}${who.sending ? ' Receivers that use this list reject or spam-folder mail from this address.' : ' An MX address also sends bounces and forwards; a listing hurts those.'}`,
        fix: fixFor(list, verdict.codes, lookupPage),
        evidence: { dns: log.queries, facts: [...facts, { label: 'Answer', value: verdict.answers.join(', ') }, { label: 'Decoded', value: meanings }] },
      };
    }
  }
}

function listedStatus(list: DnsblList, codes: DnsblCode[], sending: boolean): ProbeStatus {
  if (list.scope === 'neighbourhood') return 'info';
  // A policy listing (PBL) is fatal for direct-to-MX sending, a note for an MX address.
  if (codes.every((c) => c.policy)) return sending ? 'fail' : 'warn';
  return worstSeverity(codes);
}

function fixFor(list: DnsblList, codes: DnsblCode[], lookupPage: string): string {
  if (list.scope === 'neighbourhood') return `Nothing to delist for this address itself; if receivers you care about use ${list.name}, ask your provider about the abuse in its network or move to a cleaner one. Details: ${lookupPage}`;
  if (codes.every((c) => c.policy)) return `Send through your provider's or ESP's authenticated relay instead of directly from this address; if it is a real mail server with fixed address, the network owner (or Spamhaus' PBL page) can remove it. Details: ${lookupPage}`;
  return `Find and stop the cause first (compromised account or host, bad list hygiene), then request removal: ${lookupPage}`;
}

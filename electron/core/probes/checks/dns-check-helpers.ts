/**
 * Helpers for the MX, SPF, DKIM and DMARC checks: a recorder that keeps the
 * queries each reported check rests on (a module makes many lookups; each
 * check it reports cites only its own), plain words for each way a query can
 * end, and the "could not check" result every check falls back to when DNS
 * itself failed — never a pass or a fail built on a missing answer.
 */
import type { ProbeDnsQuery, ProbeFact, ProbeGroup } from '../../../../shared/model/probe';
import type { CheckResult, DnsLookup, ProbeDns } from '../check-types';

/** The queries one reported check rests on. */
export class Evidence {
  readonly queries: ProbeDnsQuery[] = [];
  constructor(private readonly dns: ProbeDns) {}

  async lookup(name: string, type: string): Promise<DnsLookup> {
    const result = await this.dns.lookup(name, type);
    this.cite(result);
    return result;
  }

  /** A ProbeDns whose lookups are cited here (for code that takes a ProbeDns, e.g. mailauth's resolver). */
  asDns(): ProbeDns {
    return { lookup: (name, type) => this.lookup(name, type), queries: this.queries, description: this.dns.description };
  }

  /** Also cite lookups made for another check (the MX set, the SPF record). */
  cite(...lookups: (DnsLookup | ProbeDnsQuery)[]): this {
    for (const l of lookups) {
      const q = 'query' in l ? l.query : l;
      if (!this.queries.includes(q)) this.queries.push(q);
    }
    return this;
  }
}

/** TXT records of a lookup, each record's strings joined (RFC 7208 §3.3, RFC 6376 §3.6.2.2). */
export function txtOf(lookup: DnsLookup): { text: string; chunks: string[] }[] {
  return lookup.records.flatMap((r) => (r.type === 'TXT' ? [{ text: r.chunks.join(''), chunks: r.chunks }] : []));
}

/** A/AAAA values of a lookup. */
export function addressesOf(lookup: DnsLookup): string[] {
  return lookup.records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.value] : []));
}

/** DNS did not give a verdict: the question is still open. */
export function failed(lookup: DnsLookup): boolean {
  const o = lookup.query.outcome;
  return o === 'servfail' || o === 'refused' || o === 'timeout' || o === 'error';
}

/** Nothing of that type there (NXDOMAIN or NODATA). */
export function absent(lookup: DnsLookup): boolean {
  return lookup.query.outcome === 'nxdomain' || lookup.query.outcome === 'nodata' || (lookup.query.outcome === 'answer' && lookup.records.length === 0);
}

/** Plain words for how a query ended, for explanations. */
export function outcomeText(q: ProbeDnsQuery): string {
  const what = `${q.type} ${q.name}`;
  switch (q.outcome) {
    case 'answer':
      return `${what}: ${q.answers.length} record${q.answers.length === 1 ? '' : 's'}`;
    case 'nxdomain':
      return `${what}: the name does not exist (NXDOMAIN)`;
    case 'nodata':
      return `${what}: the name exists but has no ${q.type} record (NODATA)`;
    case 'servfail':
      return `${what}: the DNS server ${q.server} answered SERVFAIL — it could not get an answer itself, often because of broken DNSSEC or unreachable authoritative name servers`;
    case 'refused':
      return `${what}: the DNS server ${q.server} REFUSED the query — it does not answer this client or this zone (a non-recursive or access-restricted server)`;
    case 'timeout':
      return `${what}: no answer from ${q.server} before the timeout, after every try`;
    default:
      return `${what}: ${q.note ?? 'the query failed'}`;
  }
}

/** What to do when DNS itself failed. */
export function dnsFailureFix(q: ProbeDnsQuery): string {
  switch (q.outcome) {
    case 'servfail':
      return `Ask the domain's authoritative servers directly (--dns <ns-ip>) to see whether the zone itself is broken; check DNSSEC (an expired signature or a DS record that no longer matches gives SERVFAIL on validating resolvers), then re-run.`;
    case 'refused':
      return `Use a resolver that serves you (the system resolver or a public one), or the domain's authoritative servers for names in their zone, then re-run.`;
    case 'timeout':
      return `Check that the resolver (${q.server}) is reachable (firewall, VPN), or pick another with --dns, then re-run. If only this domain times out, its name servers may be down or dropping queries.`;
    default:
      return 'Re-run the probe; if it keeps failing, try another resolver with --dns.';
  }
}

/** A check that could not be decided because a lookup failed. */
export function couldNotCheck(
  base: { id: string; group: ProbeGroup; subject: string | null; what: string },
  failedQuery: ProbeDnsQuery,
  evidence: ProbeDnsQuery[],
  facts?: ProbeFact[],
): CheckResult {
  return {
    id: base.id,
    group: base.group,
    subject: base.subject,
    status: 'error',
    title: `Could not check ${base.what}: DNS ${failedQuery.outcome === 'error' ? 'error' : failedQuery.outcome.toUpperCase()}`,
    explanation: `${outcomeText(failedQuery)}. Without that answer nothing can be said about ${base.what} — this is neither a pass nor a fail.`,
    fix: dnsFailureFix(failedQuery),
    evidence: { dns: evidence, ...(facts ? { facts } : {}) },
  };
}

/** "1 record" / "3 records". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** First letter upper case (joined problem lists start mid-sentence). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Small DNS helpers shared by the MTA-STS, TLS-RPT, BIMI, PTR and DNSBL
 * checks: a per-check query recorder (each reported check names exactly the
 * queries it rests on), TXT joining, the MX → address walk, and — from the
 * DNS-record checks' helpers, so the whole report words them alike — plain
 * words and fixes for each way a query can end.
 */
import type { ProbeDnsQuery } from '../../../../shared/model/probe';
import { canonicalIP } from '../../../../shared/probe/reverse-name';
import type { DnsData, DnsLookup, ProbeContext, ProbeDns } from '../check-types';
import { absent, dnsFailureFix, failed, outcomeText } from './dns-check-helpers';

/** Records the queries one reported check rests on (the module's ctx.dns collects all of them). */
export class QueryLog {
  readonly queries: ProbeDnsQuery[] = [];
  constructor(private readonly dns: ProbeDns) {}

  async lookup(name: string, type: string): Promise<DnsLookup> {
    const result = await this.dns.lookup(name, type);
    this.add(result);
    return result;
  }

  /** Also cite a lookup made elsewhere (e.g. the MX set several checks share). */
  add(...lookups: DnsLookup[]): this {
    for (const l of lookups) if (!this.queries.includes(l.query)) this.queries.push(l.query);
    return this;
  }
}

/** The TXT records of a lookup, each one's character-strings joined (RFC 7208 §3.3 style). */
export function txtRecords(lookup: DnsLookup): string[] {
  return lookup.records.flatMap((r) => (r.type === 'TXT' ? [r.chunks.join('')] : []));
}

/** Addresses (A/AAAA values) of a lookup. */
export function addresses(lookup: DnsLookup): string[] {
  return lookup.records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.value] : []));
}

/** Names (PTR/CNAME/NS values) of a lookup, without a trailing dot, lower case. */
export function names(lookup: DnsLookup): string[] {
  return lookup.records.flatMap((r: DnsData) => (r.type === 'PTR' || r.type === 'CNAME' || r.type === 'NS' ? [r.value.replace(/\.$/, '').toLowerCase()] : []));
}

/** True when the query failed in a way that leaves the question open (no verdict possible). */
export function isLookupFailure(lookup: DnsLookup): boolean {
  return failed(lookup);
}

/** True when the name has nothing of the asked type (NXDOMAIN or NODATA). */
export function isAbsent(lookup: DnsLookup): boolean {
  return absent(lookup);
}

/** One phrase for how a query ended, worded as the DNS-record checks word it ("TXT _mta-sts.example.org: the name does not exist (NXDOMAIN)"). */
export function outcomeWords(lookup: DnsLookup): string {
  return outcomeText(lookup.query);
}

/** What to do when DNS itself failed (shared with the DNS-record checks). */
export function lookupFailureFix(lookup: DnsLookup): string {
  return dnsFailureFix(lookup.query);
}

/** One MX host of the domain. */
export interface MxHost {
  priority: number;
  exchange: string;
}

/** The domain's MX hosts (null MX "." removed) and the lookup it rests on. */
export async function mxHosts(log: QueryLog, domain: string): Promise<{ lookup: DnsLookup; hosts: MxHost[]; nullMx: boolean }> {
  const lookup = await log.lookup(domain, 'MX');
  const all = lookup.records.flatMap((r) => (r.type === 'MX' ? [{ priority: r.priority, exchange: r.exchange.replace(/\.$/, '').toLowerCase() }] : []));
  const hosts = all.filter((h) => h.exchange !== '').sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
  return { lookup, hosts, nullMx: all.length > 0 && hosts.length === 0 };
}

/** A host's IPv4 and IPv6 addresses (both asked at once). */
export async function hostAddresses(log: QueryLog, host: string): Promise<{ lookups: DnsLookup[]; ips: string[] }> {
  const lookups = await Promise.all([log.lookup(host, 'A'), log.lookup(host, 'AAAA')]);
  return { lookups, ips: lookups.flatMap(addresses) };
}

/** Every MX host's addresses: [{ host, ip }], in MX priority order. */
export async function mxAddresses(log: QueryLog, domain: string): Promise<{ hosts: MxHost[]; pairs: { host: string; ip: string }[]; mxLookup: DnsLookup }> {
  const { lookup, hosts } = await mxHosts(log, domain);
  const per = await Promise.all(hosts.map(async (h) => (await hostAddresses(log, h.exchange)).ips.map((ip) => ({ host: h.exchange, ip }))));
  return { hosts, pairs: per.flat(), mxLookup: lookup };
}

/** A short excerpt of a body for evidence (first line-ish, printable only). */
export function excerpt(body: Uint8Array, max = 400): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, max * 2));
  const clean = text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '�');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** An address to check and why it matters. */
export interface IpSubject {
  ip: string;
  /** "sending IP", "MX mx1.example.org", or both joined. */
  roles: string[];
  sending: boolean;
  /** Lookups that found it (the MX set and the host's A/AAAA). */
  found: DnsLookup[];
}

/** The sending IP and each MX address, deduplicated (one address can be both). */
export async function addressSubjects(ctx: ProbeContext): Promise<IpSubject[]> {
  const byIp = new Map<string, IpSubject>();
  const add = (ip: string, role: string, sending: boolean, found: DnsLookup[]) => {
    const key = canonicalIP(ip) ?? ip;
    const existing = byIp.get(key);
    if (existing) {
      if (!existing.roles.includes(role)) existing.roles.push(role);
      existing.sending ||= sending;
      for (const l of found) if (!existing.found.includes(l)) existing.found.push(l);
      return;
    }
    byIp.set(key, { ip: key, roles: [role], sending, found: [...found] });
  };
  if (ctx.request.ip) add(ctx.request.ip, 'sending IP', true, []);
  const log = new QueryLog(ctx.dns);
  const { pairs, mxLookup } = await mxAddresses(log, ctx.request.domain);
  for (const { host, ip } of pairs) {
    const hostLookups = log.queries.filter((q) => q.name === host && (q.type === 'A' || q.type === 'AAAA'));
    const found: DnsLookup[] = [mxLookup, ...hostLookups.map((query) => ({ query, records: [] }))];
    add(ip, `MX ${host}`, false, found);
  }
  return [...byIp.values()];
}

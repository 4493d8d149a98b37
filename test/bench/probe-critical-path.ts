/**
 * The critical path of a probe run, computed from its recorded DNS queries:
 * the longest chain of lookups each of which could only be asked once an
 * earlier answer named it (the MX answer names the MX host whose A record is
 * asked next; an SPF include names the next TXT; an A answer's address, read
 * backwards, starts the PTR and blocklist names…).
 *
 * A query's depth is 1 when its name is known from the request alone (the
 * domain, _dmarc., selector._domainkey., _mta-sts., _smtp._tls., _bimi. names,
 * the domain on a domain blocklist); otherwise 1 + the smallest depth of the
 * earlier queries whose answers name it (the earliest moment any check could
 * have asked). A name no answer explains counts as depth 1, which can only
 * make the critical path shorter — the goal stricter, never easier.
 */
import type { ProbeDnsQuery } from '../../shared/model/probe';

export interface CriticalPath {
  /** Lookups in the longest chain. */
  depth: number;
  /** That chain, first lookup first ("MX example.org", "A mx1.example.org", …). */
  chain: string[];
}

/** Domain-like tokens an answer names: include:x, a:x, mx:x, redirect=x, mailto:u@x, "10 host", plain names. */
export function namedIn(answer: string): string[] {
  const out = new Set<string>();
  for (const raw of answer.toLowerCase().split(/[\s;,!]+/)) {
    let t = raw.replace(/^[+\-~?]/, '');
    t = t.replace(/^(include|a|mx|ptr|exists|redirect|exp)[:=]/, '');
    t = t.replace(/^(rua|ruf)=/, '').replace(/^mailto:[^@]*@/, '').replace(/^https?:\/\//, '');
    t = t.replace(/[/:].*$/, '').replace(/\.$/, '');
    if (/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(t) && !/^\d+(\.\d+)*$/.test(t)) out.add(t);
  }
  return [...out];
}

function reversedIpv4(ip: string): string | null {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p)) ? parts.reverse().join('.') : null;
}

/** Names knowable from the request alone (see the file comment). */
export function isStatic(name: string, domain: string, requestIp: string | null): boolean {
  if (name === domain) return true;
  const prefixes = ['_dmarc.', '_mta-sts.', 'mta-sts.', '_smtp._tls.'];
  if (prefixes.some((p) => name === `${p}${domain}`)) return true;
  if (name.endsWith(`._domainkey.${domain}`) || name.endsWith(`._bimi.${domain}`)) return true;
  // The domain on a domain blocklist ("example.org.dbl.spamhaus.org").
  if (name.startsWith(`${domain}.`)) return true;
  const rev = requestIp ? reversedIpv4(requestIp) : null;
  return rev !== null && name.startsWith(`${rev}.`);
}

export function criticalPath(queries: readonly ProbeDnsQuery[], domain: string, requestIp: string | null = null): CriticalPath {
  const real = queries.filter((q) => !q.cached).sort((a, b) => a.seq - b.seq);
  const depth = new Map<ProbeDnsQuery, number>();
  const parent = new Map<ProbeDnsQuery, ProbeDnsQuery | null>();
  // Queries in the order they were asked: a parent is always asked (and answered) earlier.
  const byAsked = [...real].sort((a, b) => Date.parse(a.askedAt) - Date.parse(b.askedAt) || a.seq - b.seq);
  for (const q of byAsked) {
    let best: ProbeDnsQuery | null = null;
    if (!isStatic(q.name, domain, requestIp)) {
      for (const p of byAsked) {
        if (p === q || !depth.has(p)) continue;
        const names = p.answers.flatMap(namedIn);
        const ips = p.type === 'A' ? p.answers.map(reversedIpv4).filter((r): r is string => r !== null) : [];
        const named = names.some((n) => q.name === n || q.name.endsWith(`.${n}`) && n !== domain) || ips.some((r) => q.name.startsWith(`${r}.`));
        if (named && (best === null || (depth.get(p) as number) < (depth.get(best) as number))) best = p;
      }
    }
    depth.set(q, best ? (depth.get(best) as number) + 1 : 1);
    parent.set(q, best);
  }
  let deepest: ProbeDnsQuery | null = null;
  for (const q of byAsked) if (deepest === null || (depth.get(q) as number) > (depth.get(deepest) as number)) deepest = q;
  const chain: string[] = [];
  for (let q = deepest; q; q = parent.get(q) ?? null) chain.unshift(`${q.type} ${q.name}`);
  return { depth: deepest ? (depth.get(deepest) as number) : 0, chain };
}

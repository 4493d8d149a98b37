/**
 * The alternative probe DNS source: node:dns (c-ares) `Resolver` with
 * `setServers`, the resolver Node ships. It is what most Node mail code sees,
 * so it is worth being able to compare against, but it hides things:
 *
 * - TTLs only for A/AAAA (`{ ttl: true }`); other types say so in `note`;
 * - the CNAME chain is not reported, so a CNAME query for the same name runs
 *   alongside (and is chased, at most 8 hops) to show delegation — noted;
 * - RCODEs arrive as error codes (ENOTFOUND, ENODATA, ESERVFAIL, EREFUSED,
 *   ETIMEOUT), mapped onto DnsOutcome.
 */
import { getServers, promises as dnsPromises } from 'node:dns';
import type { DnsOutcome } from '../../../../shared/model/probe';
import type { DnsData } from '../check-types';
import {
  cancelledError,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TRIES,
  type DnsSourceOptions,
  isSupportedType,
  normaliseName,
  type ProbeDnsSource,
} from './dns-source';

const MAX_CNAME_HOPS = 8;

const OUTCOMES: Record<string, DnsOutcome> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
  ETIMEOUT: 'timeout',
};

export function createNodeDnsSource(options: DnsSourceOptions = {}): ProbeDnsSource {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tries = Math.max(1, options.tries ?? DEFAULT_TRIES);
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries, maxTimeout: timeoutMs });
  const given = options.servers?.filter((s) => s.trim() !== '') ?? [];
  if (given.length > 0) resolver.setServers(given);
  const servers = given.length > 0 ? resolver.getServers() : getServers();
  const label = given.length > 0 ? servers.join(', ') : `system resolver (${servers.join(', ') || 'none configured'})`;

  const ask = async (name: string, type: string): Promise<{ records: DnsData[]; ttl: number | null }> => {
    switch (type) {
      case 'A': {
        const rows = await resolver.resolve4(name, { ttl: true });
        return { records: rows.map((r) => ({ type: 'A', value: r.address })), ttl: minOf(rows.map((r) => r.ttl)) };
      }
      case 'AAAA': {
        const rows = await resolver.resolve6(name, { ttl: true });
        return { records: rows.map((r) => ({ type: 'AAAA', value: r.address })), ttl: minOf(rows.map((r) => r.ttl)) };
      }
      case 'TXT':
        return { records: (await resolver.resolveTxt(name)).map((chunks) => ({ type: 'TXT', chunks })), ttl: null };
      case 'MX':
        return { records: (await resolver.resolveMx(name)).map((r) => ({ type: 'MX', priority: r.priority, exchange: normaliseName(r.exchange) })), ttl: null };
      case 'CNAME':
        return { records: (await resolver.resolveCname(name)).map((v) => ({ type: 'CNAME', value: normaliseName(v) })), ttl: null };
      case 'PTR':
        return { records: (await resolver.resolvePtr(name)).map((v) => ({ type: 'PTR', value: normaliseName(v) })), ttl: null };
      default:
        return { records: (await resolver.resolveNs(name)).map((v) => ({ type: 'NS', value: normaliseName(v) })), ttl: null };
    }
  };

  /** The chain of CNAMEs from `name`, by CNAME queries (errors end the chain quietly). */
  const chain = async (name: string): Promise<string[]> => {
    const out: string[] = [];
    let current = name;
    for (let i = 0; i < MAX_CNAME_HOPS; i++) {
      const targets = await resolver.resolveCname(current).catch(() => [] as string[]);
      const target = targets[0] ? normaliseName(targets[0]) : null;
      if (!target || target === name || out.includes(target)) break;
      out.push(target);
      current = target;
    }
    return out;
  };

  return {
    description: `${label} via node:dns (c-ares), timeout ${timeoutMs} ms × ${tries}`,
    servers,
    async resolve(rawName, rawType, signal) {
      const type = rawType.toUpperCase();
      const name = normaliseName(rawName);
      if (signal?.aborted) throw cancelledError(signal);
      if (!isSupportedType(type)) {
        return { outcome: 'error', records: [], ttl: null, cnames: [], server: label, note: `record type ${type} is not supported by the probe` };
      }
      const onAbort = () => resolver.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const [answer, cnames] = await Promise.all([
          ask(name, type).then(
            (r) => ({ ok: true as const, ...r }),
            (err: unknown) => ({ ok: false as const, err: err as NodeJS.ErrnoException }),
          ),
          type === 'CNAME' ? Promise.resolve([]) : chain(name),
        ]);
        if (signal?.aborted) throw cancelledError(signal);
        const notes: string[] = [];
        if (cnames.length > 0) notes.push('CNAME chain found by separate CNAME queries (node:dns does not report it)');
        if (answer.ok) {
          if (answer.ttl === null) notes.push(`node:dns does not expose TTLs for ${type} records`);
          return { outcome: 'answer', records: answer.records, ttl: answer.ttl, cnames, server: label, note: notes.join('; ') || null };
        }
        const code = answer.err.code ?? 'EUNKNOWN';
        const outcome = OUTCOMES[code] ?? 'error';
        notes.push(outcome === 'error' ? `${code}: ${answer.err.message}` : code);
        return { outcome, records: [], ttl: null, cnames, server: label, note: notes.join('; ') };
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function minOf(values: number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}

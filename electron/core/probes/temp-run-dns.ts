/**
 * TEMPORARY stand-in for the probe-dns helper's run DNS (electron/core/probes/dns/),
 * so the runner can be built and tested before it lands: node:dns with the
 * request's servers, cached per run, recorded per check. Deleted when dns/ lands.
 */
import { Resolver } from 'node:dns/promises';
import type { ProbeDnsQuery, DnsOutcome } from '../../../shared/model/probe';
import type { DnsData, DnsLookup, ProbeDns } from './check-types';
import type { CreateRunDns } from './probe-runner';

export const createTempRunDns: CreateRunDns = (options, hooks) => {
  const timeout = options.timeoutMs ?? 3000;
  const tries = options.tries ?? 2;
  const resolver = new Resolver({ timeout, tries });
  if (options.servers.length) resolver.setServers(options.servers);
  const server = options.servers.join(', ') || 'system resolver';
  const cache = new Map<string, Promise<{ query: ProbeDnsQuery; records: DnsData[] }>>();
  let seq = 0;
  const ask = async (name: string, type: string): Promise<{ query: ProbeDnsQuery; records: DnsData[] }> => {
    const askedAt = new Date().toISOString();
    const t0 = performance.now();
    let outcome: DnsOutcome = 'answer';
    let records: DnsData[] = [];
    let note: string | null = null;
    let ttl: number | null = null;
    try {
      if (type === 'A' || type === 'AAAA') {
        const rows = type === 'A' ? await resolver.resolve4(name, { ttl: true }) : await resolver.resolve6(name, { ttl: true });
        records = rows.map((r) => ({ type, value: r.address }));
        ttl = rows.length ? Math.min(...rows.map((r) => r.ttl)) : null;
      } else if (type === 'TXT') records = (await resolver.resolveTxt(name)).map((chunks) => ({ type: 'TXT', chunks }));
      else if (type === 'MX') records = (await resolver.resolveMx(name)).map((r) => ({ type: 'MX', priority: r.priority, exchange: r.exchange.toLowerCase() }));
      else if (type === 'CNAME' || type === 'PTR' || type === 'NS') {
        const rows = type === 'CNAME' ? await resolver.resolveCname(name) : type === 'PTR' ? await resolver.resolvePtr(name) : await resolver.resolveNs(name);
        records = rows.map((value) => ({ type, value: value.toLowerCase() }));
      } else throw Object.assign(new Error(`unsupported type ${type}`), { code: 'EBADQUERY' });
      if (ttl === null) note = 'TTL not known (node:dns)';
    } catch (error) {
      const code = (error as { code?: string }).code;
      outcome = code === 'ENOTFOUND' ? 'nxdomain' : code === 'ENODATA' ? 'nodata' : code === 'ESERVFAIL' ? 'servfail' : code === 'EREFUSED' ? 'refused' : code === 'ETIMEOUT' ? 'timeout' : 'error';
      note = code ?? String(error);
    }
    const answers = records.map((r) => (r.type === 'TXT' ? r.chunks.join('') : r.type === 'MX' ? `${r.priority} ${r.exchange}` : r.value));
    const query: ProbeDnsQuery = { seq: 0, name, type, server, askedAt, durationMs: Math.round(performance.now() - t0), outcome, answers, ttl, cnames: [], note, cached: false };
    return { query, records };
  };
  return {
    description: `${server} (node:dns), timeout ${timeout} ms × ${tries}`,
    forCheck(): ProbeDns {
      const queries: ProbeDnsQuery[] = [];
      return {
        queries,
        description: `${server} (node:dns), timeout ${timeout} ms × ${tries}`,
        async lookup(name: string, type: string): Promise<DnsLookup> {
          if (hooks.signal.aborted) throw new Error('cancelled');
          const key = `${name.toLowerCase()}|${type}`;
          const cached = cache.has(key);
          let pending = cache.get(key);
          if (!pending) {
            pending = ask(name.toLowerCase(), type);
            cache.set(key, pending);
          }
          const { query, records } = await pending;
          const line: ProbeDnsQuery = { ...query, seq: ++seq, cached };
          queries.push(line);
          hooks.onQuery(line);
          return { query: line, records };
        },
      };
    },
  };
};

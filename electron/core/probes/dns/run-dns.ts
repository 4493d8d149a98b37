/**
 * The DNS of one probe run: one source, one cache, one transcript.
 *
 * Every check gets its own `view()` — a ProbeDns that records the queries that
 * check made or reused (its evidence) — while all views share the run's
 * cache: the same (name, type) asked twice is one query on the wire, and the
 * later asker's evidence carries a copy marked `cached: true`. That sharing is
 * what lets checks run concurrently without multiplying queries, so the
 * report's wall time follows the longest chain of dependent lookups.
 *
 * `seq` numbers real queries in the order they finished (the order `onQuery`
 * streams them as `probe.dns` events); a cached copy keeps the seq of the
 * query it reuses, so the UI can point at it.
 */
import type { ProbeDnsOptions, ProbeDnsQuery } from '../../../../shared/model/probe';
import type { DnsLookup, ProbeDns } from '../check-types';
import { cancelledError, formatRecord, normaliseName, type ProbeDnsSource } from './dns-source';
import { createNodeDnsSource } from './node-source';
import { createWireDnsSource } from './wire-source';

export type DnsSourceKind = 'wire' | 'node';

export interface RunDnsOptions extends ProbeDnsOptions {
  /** Which source: the wire client (default), node:dns, or a ready-made source (tests). */
  source?: DnsSourceKind | ProbeDnsSource;
}

export interface RunDns {
  /** A recording view for one check. */
  view(): ProbeDns;
  /** Same as `view` (the name the runner's RunDns interface uses). */
  forCheck(): ProbeDns;
  /** Every real query of the run, in the order they finished. */
  readonly queries: ProbeDnsQuery[];
  /** The source's description ("127.0.0.1:5353 (UDP + EDNS0, TCP fallback), timeout 3000 ms × 2"). */
  readonly description: string;
  /** The servers asked. */
  readonly servers: string[];
}

/** Build the source a request asks for. */
export function createDnsSource(options: RunDnsOptions): ProbeDnsSource {
  if (options.source && typeof options.source === 'object') return options.source;
  const sourceOptions = {
    servers: options.servers,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.tries !== undefined ? { tries: options.tries } : {}),
  };
  return options.source === 'node' ? createNodeDnsSource(sourceOptions) : createWireDnsSource(sourceOptions);
}

export function createRunDns(options: RunDnsOptions, signal: AbortSignal, onQuery?: (query: ProbeDnsQuery) => void): RunDns {
  const source = createDnsSource(options);
  const queries: ProbeDnsQuery[] = [];
  const cache = new Map<string, Promise<DnsLookup>>();

  const ask = async (name: string, type: string): Promise<DnsLookup> => {
    const askedAt = new Date().toISOString();
    const started = performance.now();
    const answer = await source.resolve(name, type, signal);
    const query: ProbeDnsQuery = {
      seq: queries.length + 1,
      name,
      type,
      server: answer.server,
      askedAt,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      outcome: answer.outcome,
      answers: answer.records.map(formatRecord),
      ttl: answer.ttl,
      cnames: answer.cnames,
      note: answer.note,
      cached: false,
    };
    queries.push(query);
    onQuery?.(query);
    return { query, records: answer.records };
  };

  /** The run's answer for (name, type); `fresh` when this call sent the query. */
  const lookup = (rawName: string, rawType: string): { pending: Promise<DnsLookup>; fresh: boolean } => {
    const name = normaliseName(rawName);
    const type = rawType.toUpperCase();
    const key = `${name}|${type}`;
    const hit = cache.get(key);
    if (hit) return { pending: hit, fresh: false };
    const pending = ask(name, type);
    cache.set(key, pending);
    // A cancelled lookup leaves no entry behind.
    pending.catch(() => cache.delete(key));
    return { pending, fresh: true };
  };

  const view = (): ProbeDns => {
    const mine: ProbeDnsQuery[] = [];
    return {
      queries: mine,
      description: source.description,
      async lookup(name, type) {
        if (signal.aborted) throw cancelledError(signal);
        const askedAt = new Date().toISOString();
        const started = performance.now();
        const { pending, fresh } = lookup(name, type);
        const result = await pending;
        if (signal.aborted) throw cancelledError(signal);
        if (fresh) {
          mine.push(result.query);
          return result;
        }
        const copy: ProbeDnsQuery = { ...result.query, askedAt, durationMs: Math.round((performance.now() - started) * 100) / 100, cached: true };
        mine.push(copy);
        return { query: copy, records: result.records };
      },
    };
  };

  return { queries, description: source.description, servers: source.servers, view, forCheck: view };
}

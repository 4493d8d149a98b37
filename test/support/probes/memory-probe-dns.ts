/**
 * An in-memory ProbeDns for unit tests of check logic (judging, wording),
 * answering from a table shaped like the loopback DNS server's. Integration
 * tests use the real DNS layer against test/support/dns/loopback-dns-server.ts;
 * this one only spares unit tests the sockets. Records the same transcript
 * shape (ProbeDnsQuery) so evidence can be asserted.
 */
import type { DnsData, DnsLookup, ProbeContext, ProbeDns } from '../../../electron/core/probes/check-types';
import type { DnsOutcome, ProbeDnsQuery, ProbeRequest } from '../../../shared/model/probe';
import type { LoopbackRecord } from '../dns/loopback-dns-server';

export type MemoryZone = Record<string, LoopbackRecord[]>;

export interface MemoryProbeDns extends ProbeDns {
  /** Every question asked, across views (like the loopback server's log). */
  asked: string[];
}

/** A ProbeDns over a fixed table: NXDOMAIN for unknown names, NODATA for a known name without the type. */
export function memoryProbeDns(table: MemoryZone): MemoryProbeDns {
  const zone = new Map(Object.entries(table).map(([name, rows]) => [name.toLowerCase().replace(/\.$/, ''), rows]));
  const queries: ProbeDnsQuery[] = [];
  const asked: string[] = [];
  let seq = 0;
  return {
    queries,
    asked,
    description: 'in-memory test zone',
    async lookup(name: string, type: string): Promise<DnsLookup> {
      const key = name.toLowerCase().replace(/\.$/, '');
      asked.push(`${type} ${key}`);
      const rows = zone.get(key);
      let outcome: DnsOutcome = 'answer';
      let records: DnsData[] = [];
      if (!rows) outcome = 'nxdomain';
      else if (rows.some((r) => r.type === 'SERVFAIL')) outcome = 'servfail';
      else if (rows.some((r) => r.type === 'DROP')) outcome = 'timeout';
      else {
        records = rows.filter((r) => r.type === type).map(toData);
        if (records.length === 0) outcome = 'nodata';
      }
      const query: ProbeDnsQuery = {
        seq: ++seq, name: key, type, server: 'memory', askedAt: new Date().toISOString(), durationMs: 0, outcome,
        answers: records.map(text), ttl: records.length ? 300 : null, cnames: [], note: null, cached: false,
      };
      queries.push(query);
      return { query, records };
    },
  };
}

function toData(r: LoopbackRecord): DnsData {
  switch (r.type) {
    case 'TXT': return { type: 'TXT', chunks: r.value };
    case 'MX': return { type: 'MX', priority: r.priority, exchange: r.exchange.replace(/\.$/, '') };
    case 'SERVFAIL': case 'DROP': throw new Error('not a record');
    default: return { type: r.type, value: r.value.replace(/\.$/, '') };
  }
}

function text(d: DnsData): string {
  if (d.type === 'TXT') return d.chunks.join('');
  if (d.type === 'MX') return `${d.priority} ${d.exchange}`;
  return d.value;
}

/** A request with defaults for tests. */
export function testRequest(domain: string, over: Partial<ProbeRequest> = {}): ProbeRequest {
  return {
    domain, ip: null, selectors: [],
    smtp: { enabled: false, host: null, port: null, rcptTest: null },
    dns: { servers: [] },
    ...over,
  };
}

/** A ProbeContext over a memory zone; fetch fails unless given. */
export function memoryContext(request: ProbeRequest, table: MemoryZone, over: Partial<ProbeContext> = {}): ProbeContext & { dns: MemoryProbeDns } {
  const dns = memoryProbeDns(table);
  return {
    request,
    dns,
    signal: new AbortController().signal,
    fetch: async (url) => ({ url, status: null, headers: {}, body: new Uint8Array(), durationMs: 0, error: 'no network in unit tests', tls: null }),
    connectTo: (host, port) => ({ host, port }),
    ...over,
  } as ProbeContext & { dns: MemoryProbeDns };
}

/**
 * Where the probe's DNS answers come from. Two sources share one shape:
 *
 * - the wire-protocol client (wire-source.ts, the default): speaks DNS itself
 *   over UDP with EDNS0 and falls back to TCP on truncation, so it can show
 *   what node:dns hides — the TTL of every answer, NXDOMAIN / NODATA /
 *   SERVFAIL / REFUSED / timeout told apart, the CNAME chain followed;
 * - node:dns (node-source.ts): the resolver Node ships, with `setServers`;
 *   TTLs only for A/AAAA, CNAMEs found by a parallel CNAME query.
 *
 * A source answers one (name, type) question; caching per run and recording
 * per check live in run-dns.ts.
 */
import type { DnsOutcome } from '../../../../shared/model/probe';
import type { DnsData } from '../check-types';

/** Record types a source answers (the DnsData union). */
export const SUPPORTED_TYPES = ['A', 'AAAA', 'CNAME', 'PTR', 'NS', 'TXT', 'MX'] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

export function isSupportedType(type: string): type is SupportedType {
  return (SUPPORTED_TYPES as readonly string[]).includes(type);
}

/** One answered (or failed) question, before the run numbers and stamps it. */
export interface SourceAnswer {
  /** How it ended. */
  outcome: DnsOutcome;
  /** Records of the asked type (empty unless outcome is `answer`). */
  records: DnsData[];
  /** Smallest TTL (answer records and CNAMEs; the SOA negative TTL for NXDOMAIN/NODATA); null when unknown. */
  ttl: number | null;
  /** CNAME targets followed, in order. */
  cnames: string[];
  /** Which server gave the final word ("127.0.0.1:5353", "system resolver"). */
  server: string;
  /** Extra words: transport, which try, why TTL is missing, the error. */
  note: string | null;
}

/** A DNS source. Never rejects except when `signal` aborts. */
export interface ProbeDnsSource {
  /** "127.0.0.1:5353 (UDP, TCP fallback), timeout 3000 ms × 2". */
  readonly description: string;
  /** Servers asked, as given or as the system resolver config lists them. */
  readonly servers: string[];
  resolve(name: string, type: string, signal?: AbortSignal): Promise<SourceAnswer>;
}

/** Options both sources take (ProbeDnsOptions plus defaults resolved). */
export interface DnsSourceOptions {
  /** "ip", "ip:port", "[v6]:port"; empty/absent = the system resolver config (`dns.getServers()`). */
  servers?: string[];
  /** Per-try timeout, ms (default 3000). */
  timeoutMs?: number;
  /** Tries per server (default 2). */
  tries?: number;
}

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_TRIES = 2;

/** Lower case, no trailing dot: the form names are compared and cached in. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, '');
}

/** One line per record, as the DNS transcript shows it. */
export function formatRecord(record: DnsData): string {
  switch (record.type) {
    case 'TXT':
      return record.chunks.join('');
    case 'MX':
      return `${record.priority} ${record.exchange || '.'}`;
    default:
      return record.value;
  }
}

/** The error a cancelled lookup rejects with. */
export function cancelledError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('cancelled');
  err.name = 'AbortError';
  return err;
}

/** Parse "ip", "ip:port", "[v6]:port", "v6" into host and port (53 by default). */
export function parseServer(server: string): { host: string; port: number; label: string } {
  const s = server.trim();
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) {
    const port = bracket[2] ? Number(bracket[2]) : 53;
    return { host: bracket[1] as string, port, label: port === 53 ? bracket[1] as string : `[${bracket[1]}]:${port}` };
  }
  const colons = s.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port = '53'] = s.split(':');
    const p = Number(port);
    return { host, port: p, label: p === 53 ? host : `${host}:${p}` };
  }
  return { host: s, port: 53, label: s };
}

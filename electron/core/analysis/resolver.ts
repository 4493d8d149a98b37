/**
 * DNS for re-verification, in the shape mailauth expects: `resolver(name,
 * rrtype)` resolves to what `dns.promises.resolve` returns (TXT as arrays of
 * chunks, MX as `{priority, exchange}`), and rejects with an error whose
 * `code` says what happened (ENOTFOUND = NXDOMAIN, ENODATA = no record of that
 * type, both "no record" to mailauth; ETIMEOUT, ESERVFAIL… = temperror).
 *
 * Answers come from a `DnsSource`: the network (node:dns with chosen servers,
 * timeout and tries) or an in-memory zone (tests, conformance suites). The
 * recording wrapper keeps every query with its answer, TTL where known, the
 * time it was asked and how long it took: a verdict's evidence is "the DNS
 * answer and when it was asked", so the log is part of the result, not
 * debugging output.
 */
import { promises as dnsPromises } from 'node:dns';

/** An MX answer, as node:dns returns it. */
export interface MxAnswer {
  priority: number;
  exchange: string;
}

/** What a query resolves to: TXT → chunk arrays, MX → objects, the rest → strings. */
export type DnsAnswer = string[] | string[][] | MxAnswer[];

/** The resolver function mailauth calls (a third argument from its SPF code is ignored). */
export type DnsResolver = (name: string, rrtype: string) => Promise<DnsAnswer>;

/** One reply from a source: the answer, and its TTL in seconds when the source can tell. */
export interface DnsReply {
  answer: DnsAnswer;
  /** Smallest TTL of the answer's records; null when the source does not expose it. */
  ttl: number | null;
}

/** Where answers come from. */
export interface DnsSource {
  /** Resolve or reject with a `DnsQueryError`-shaped error (`code` set). */
  query(name: string, rrtype: string): Promise<DnsReply>;
  /** Said in evidence: "DNS 1.1.1.1, 8.8.8.8 (timeout 3000 ms × 2 tries)", "in-memory zone". */
  readonly description: string;
}

/** A DNS failure carrying the code mailauth reads. */
export class DnsQueryError extends Error {
  constructor(
    readonly code: string,
    readonly hostname: string,
    readonly rrtype: string,
    message?: string,
  ) {
    super(message ?? `${rrtype} ${hostname}: ${code}`);
    this.name = 'DnsQueryError';
  }
}

/** One query as asked: the evidence behind a verdict. */
export interface DnsQueryRecord {
  /** 1-based order in this log. */
  seq: number;
  /** Name asked, as the caller gave it. */
  name: string;
  /** Record type asked (upper case). */
  rrtype: string;
  /** When the query was sent (ISO 8601, UTC). */
  askedAt: string;
  /** Wall time until the answer or error, in milliseconds. */
  durationMs: number;
  /** Which source answered (servers, or the in-memory zone). */
  source: string;
  /** `answer`, `nxdomain` (ENOTFOUND), `nodata` (ENODATA) or `error` (timeout, SERVFAIL, refused…). */
  outcome: 'answer' | 'nxdomain' | 'nodata' | 'error';
  /** The answer as returned to the caller; null unless outcome is `answer`. */
  answer: DnsAnswer | null;
  /** Readable answer, one line per record (TXT chunks joined, "10 mx.example.com"). */
  summary: string[];
  /** Smallest TTL in seconds; null when unknown (see `ttlNote`). */
  ttl: number | null;
  /** Why the TTL is missing, when it is. */
  ttlNote: string | null;
  /** The error code and message when outcome is not `answer`. */
  error: { code: string; message: string } | null;
  /** When answered from this log's memo: the `seq` of the query that was actually sent. */
  cachedFrom: number | null;
}

/** A resolver that keeps its queries. */
export interface RecordingResolver extends DnsResolver {
  /** Every query so far, oldest first. */
  readonly queries: DnsQueryRecord[];
  /** The source's description. */
  readonly source: string;
}

const NO_TTL_NOTE = 'node:dns does not expose TTLs for this record type';

/** Options for `createNetworkSource`. */
export interface NetworkSourceOptions {
  /**
   * Servers as node:dns accepts them: "1.1.1.1", "127.0.0.1:5353", "[::1]:53".
   * Default: the system's resolvers.
   */
  servers?: string[];
  /** Timeout per try in milliseconds (default 3000). */
  timeoutMs?: number;
  /** Tries per server (default 2). */
  tries?: number;
  /**
   * After this many timeouts in a row, stop asking and fail at once with
   * ETIMEOUT (default 2), so an unreachable server costs seconds, not a
   * minute of sequential lookups. Any answer (NXDOMAIN included) resets it.
   */
  failFastAfter?: number;
}

/** DNS over the network through node:dns/promises `Resolver` with chosen servers. */
export function createNetworkSource(options: NetworkSourceOptions = {}): DnsSource & { readonly servers: string[] } {
  const timeoutMs = options.timeoutMs ?? 3000;
  const tries = options.tries ?? 2;
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries, maxTimeout: timeoutMs });
  if (options.servers && options.servers.length > 0) resolver.setServers(options.servers);
  const servers = resolver.getServers();
  // c-ares enforces timeout × tries itself; this deadline only guards against a
  // query that never settles, so a verification always finishes.
  const deadlineMs = timeoutMs * tries * Math.max(1, servers.length) + 1000;
  const failFastAfter = options.failFastAfter ?? 2;
  let timeoutsInARow = 0;

  const ask = async (name: string, rrtype: string): Promise<DnsReply> => {
    switch (rrtype) {
      case 'A':
      case 'AAAA': {
        const rows = rrtype === 'A' ? await resolver.resolve4(name, { ttl: true }) : await resolver.resolve6(name, { ttl: true });
        return { answer: rows.map((r) => r.address), ttl: minTtl(rows.map((r) => r.ttl)) };
      }
      case 'TXT':
        return { answer: await resolver.resolveTxt(name), ttl: null };
      case 'MX':
        // Node 24 adds a `type` field; keep the shape mailauth documents.
        return { answer: (await resolver.resolveMx(name)).map(({ priority, exchange }) => ({ priority, exchange })), ttl: null };
      case 'CNAME':
        return { answer: await resolver.resolveCname(name), ttl: null };
      case 'PTR':
        return { answer: await resolver.resolvePtr(name), ttl: null };
      case 'NS':
        return { answer: await resolver.resolveNs(name), ttl: null };
      default:
        throw new DnsQueryError('ENOTIMP', name, rrtype, `record type ${rrtype} is not supported here`);
    }
  };

  return {
    servers,
    description: `DNS ${servers.join(', ') || '(system default)'} (timeout ${timeoutMs} ms × ${tries} tries)`,
    query(name, rrtype) {
      const type = rrtype.toUpperCase();
      if (timeoutsInARow >= failFastAfter) {
        return Promise.reject(new DnsQueryError('ETIMEOUT', name, type, `${type} ${name}: not asked, the last ${timeoutsInARow} queries to ${servers.join(', ') || 'the system resolver'} timed out`));
      }
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DnsQueryError('ETIMEOUT', name, type, `${type} ${name}: no answer within ${deadlineMs} ms`)), deadlineMs);
        timer.unref();
      });
      return Promise.race([ask(name, type).catch((err: unknown) => Promise.reject(normaliseError(err, name, type))), deadline])
        .then(
          (reply) => ((timeoutsInARow = 0), reply),
          (err: DnsQueryError) => {
            timeoutsInARow = err.code === 'ETIMEOUT' ? timeoutsInARow + 1 : 0;
            throw err;
          },
        )
        .finally(() => clearTimeout(timer));
    },
  };
}

/** Options for `createRecordingResolver`. */
export interface RecordingOptions {
  /**
   * Answer a repeated (name, type) from the first query instead of asking
   * again, so one verification sees one consistent answer. Repeats are still
   * logged, with `cachedFrom` pointing at the query that was sent.
   */
  memoize?: boolean;
}

/** Wrap a source as a mailauth resolver that records every query. */
export function createRecordingResolver(source: DnsSource, options: RecordingOptions = {}): RecordingResolver {
  const queries: DnsQueryRecord[] = [];
  const memo = new Map<string, { seq: number; reply: Promise<DnsAnswer> }>();
  const resolve = async (name: string, rrtype: string): Promise<DnsAnswer> => {
    const type = rrtype.toUpperCase();
    const key = `${name.toLowerCase().replace(/\.$/, '')}|${type}`;
    const earlier = options.memoize ? memo.get(key) : undefined;
    if (earlier) {
      const askedAt = new Date().toISOString();
      // Wait for the original so the copy carries its outcome.
      await earlier.reply.catch(() => undefined);
      const first = queries[earlier.seq - 1] as DnsQueryRecord;
      queries.push({ ...first, seq: queries.length + 1, name, askedAt, durationMs: 0, cachedFrom: earlier.seq });
      return earlier.reply;
    }
    const seq = queries.length + 1;
    const reply = ask(name, type);
    if (options.memoize) memo.set(key, { seq, reply });
    return reply;
  };
  const ask = async (name: string, type: string): Promise<DnsAnswer> => {
    const askedAt = new Date().toISOString();
    const started = performance.now();
    const record: DnsQueryRecord = {
      seq: queries.length + 1,
      name,
      rrtype: type,
      askedAt,
      durationMs: 0,
      source: source.description,
      outcome: 'answer',
      answer: null,
      summary: [],
      ttl: null,
      ttlNote: null,
      error: null,
      cachedFrom: null,
    };
    queries.push(record);
    try {
      const reply = await source.query(name, type);
      record.answer = reply.answer;
      record.summary = summariseAnswer(reply.answer);
      record.ttl = reply.ttl;
      record.ttlNote = reply.ttl === null ? NO_TTL_NOTE : null;
      return reply.answer;
    } catch (err) {
      const e = normaliseError(err, name, type);
      record.outcome = e.code === 'ENOTFOUND' ? 'nxdomain' : e.code === 'ENODATA' ? 'nodata' : 'error';
      record.error = { code: e.code, message: e.message };
      throw e;
    } finally {
      record.durationMs = Math.round((performance.now() - started) * 100) / 100;
    }
  };
  return Object.assign(resolve, { queries, source: source.description });
}

/** A plain resolver over a source, without a log. */
export function toResolver(source: DnsSource): DnsResolver {
  return async (name, rrtype) => (await source.query(name, rrtype.toUpperCase())).answer;
}

/** One line per record, for evidence shown to people. */
export function summariseAnswer(answer: DnsAnswer): string[] {
  return (answer as unknown[]).map((row) => {
    if (Array.isArray(row)) return row.join('');
    if (row && typeof row === 'object' && 'exchange' in row) {
      const mx = row as MxAnswer;
      return `${mx.priority} ${mx.exchange}`;
    }
    return String(row);
  });
}

function minTtl(ttls: number[]): number | null {
  return ttls.length === 0 ? null : Math.min(...ttls);
}

/** Make any thrown value a DnsQueryError with a code (node:dns errors keep theirs). */
export function normaliseError(err: unknown, name: string, rrtype: string): DnsQueryError {
  if (err instanceof DnsQueryError) return err;
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'EUNKNOWN';
  const message = err instanceof Error ? err.message : String(err);
  return new DnsQueryError(code, name, rrtype, message);
}

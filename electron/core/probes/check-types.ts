/**
 * What a probe check is and what it gets to work with. Every check module
 * (dns-checks/*, smtp-probe) exports `ProbeCheckDefinition`s; the runner
 * (probe-runner.ts) runs them all concurrently against one ProbeContext per
 * check and streams each finished ProbeCheck.
 *
 * Concurrency comes from the shared per-run DNS cache: checks that need the
 * same answer (the MX set, an MX host's A records) ask for it independently
 * and the cache makes it one query, so the report's wall time follows the
 * longest chain of dependent lookups, not the sum of all queries.
 */
import type { ProbeCheck, ProbeDnsQuery, ProbeGroup, ProbeRequest } from '../../../shared/model/probe';

/** One record of an answer, typed. */
export type DnsData =
  | { type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS'; value: string }
  /** TXT keeps its character-strings (each ≤ 255 bytes): SPF/DKIM checks look at the split. */
  | { type: 'TXT'; chunks: string[] }
  | { type: 'MX'; priority: number; exchange: string };

/** A lookup's outcome. Never throws: failures are an outcome, described in `query`. */
export interface DnsLookup {
  /** The transcript line (outcome, TTL, timing, CNAMEs followed). */
  query: ProbeDnsQuery;
  /** Records of the asked type (empty unless outcome is `answer`). */
  records: DnsData[];
}

/** The DNS a check sees: cached per run, recorded per check. */
export interface ProbeDns {
  /** Ask (or reuse the run's answer for) `name`/`type`. Rejects only when the run is cancelled. */
  lookup(name: string, type: string): Promise<DnsLookup>;
  /** Every query this check made or reused, in order (its evidence). */
  readonly queries: ProbeDnsQuery[];
  /** "127.0.0.1:5353 (UDP, TCP fallback), timeout 3000 ms × 2" — said in explanations. */
  readonly description: string;
}

/** Result of an HTTPS GET (MTA-STS policy, BIMI SVG/VMC). */
export interface HttpFetchResult {
  url: string;
  /** HTTP status; null when no response (DNS, TLS, timeout). */
  status: number | null;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** Body (truncated at the fetch's limit). */
  body: Uint8Array;
  durationMs: number;
  /** Why it failed (TLS error code, timeout…); null on a response. */
  error: string | null;
  /** The peer certificate's validity facts when TLS was used. */
  tls: { authorized: boolean; authorizationError: string | null; subject: string; validTo: string } | null;
}

/** What a check runs with. */
export interface ProbeContext {
  /** The request, domain normalised (lower case, no trailing dot, IDN → A-label). */
  request: ProbeRequest;
  /** DNS: cached per run, recorded for this check. */
  dns: ProbeDns;
  /** Aborted when the user cancels; checks stop promptly and report `error` ("cancelled"). */
  signal: AbortSignal;
  /**
   * HTTPS GET with a size limit and timeout, certificates verified. Tests
   * route host names to loopback servers through `connectTo`.
   */
  fetch(url: string, options?: { maxBytes?: number; timeoutMs?: number }): Promise<HttpFetchResult>;
  /**
   * Where to really connect for a (host, port): the identity in production;
   * tests map MX/MTA-STS host names onto loopback ports. SMTP and HTTPS both use it.
   */
  connectTo(host: string, port: number): { host: string; port: number };
}

/** A finished check before the runner stamps its duration. */
export type CheckResult = Omit<ProbeCheck, 'durationMs'>;

/** One probe module: runs, and reports each ProbeCheck as soon as it is known. */
export interface ProbeCheckDefinition {
  /** Group it reports into (several checks per group are fine). */
  group: ProbeGroup;
  /** Short name for progress ("SPF", "DKIM selectors"). */
  name: string;
  /** Whether it applies to this request (e.g. SMTP probe off with --no-smtp). */
  applies(request: ProbeRequest): boolean;
  /**
   * Run. Call `report` for each finished check (immediately, not at the end)
   * — the UI streams them. Resolve when done. An exception is reported by the
   * runner as one `error` check for this module.
   */
  run(ctx: ProbeContext, report: (check: CheckResult) => void): Promise<void>;
}

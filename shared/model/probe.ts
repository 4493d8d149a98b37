/**
 * A live probe of a domain's mail health (issue 4): the request, every check
 * with its status, explanation, fix and evidence (the DNS transcript, an SMTP
 * transcript, an SPF tree, facts), and the run that streams them.
 *
 * Produced by electron/core/probes, streamed as `probe.*` events, printed by
 * `mailscope probe`, shown by renderer/features/probe.
 */
import type { TranscriptEntry } from './session';

/** Outcome of one check. `error` = could not check (DNS timeout, resolver refusal…), never "clean". */
export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'info' | 'error';

/** Which part of the report a check belongs to (the UI groups by it, in this order). */
export type ProbeGroup = 'mx' | 'spf' | 'dkim' | 'dmarc' | 'mta-sts' | 'tls-rpt' | 'bimi' | 'ptr' | 'dnsbl' | 'smtp' | 'requirements';

/** How a DNS query ended, told apart so each can be explained. */
export type DnsOutcome =
  /** Records came back. */
  | 'answer'
  /** The name does not exist (RCODE 3). */
  | 'nxdomain'
  /** The name exists but has no record of this type. */
  | 'nodata'
  /** The server failed (RCODE 2): often broken DNSSEC or an unreachable authoritative server. */
  | 'servfail'
  /** The server refused to answer (RCODE 5). */
  | 'refused'
  /** No answer within the timeout after every try. */
  | 'timeout'
  /** Anything else (malformed reply, network error); `note` says what. */
  | 'error';

/** One DNS query and its answer: a line of the DNS transcript. */
export interface ProbeDnsQuery {
  /** 1-based order within the run. */
  seq: number;
  /** Name asked (lower case, no trailing dot). */
  name: string;
  /** Record type asked (A, AAAA, MX, TXT, CNAME, PTR, NS…). */
  type: string;
  /** Server that answered ("127.0.0.1:5353", "system resolver"). */
  server: string;
  /** When it was asked, ISO-8601 UTC. */
  askedAt: string;
  /** Time to the answer or failure, ms. */
  durationMs: number;
  /** How it ended. */
  outcome: DnsOutcome;
  /** Answer records as readable text, one per record (TXT strings joined, "10 mx1.example.org"). */
  answers: string[];
  /** Smallest TTL of the answer in seconds; null when not known (see `note`). */
  ttl: number | null;
  /** CNAMEs followed to reach the answer, in order (empty when none). */
  cnames: string[];
  /** Extra words: why TTL is missing, which try answered, the error text. */
  note: string | null;
  /** True when this answer came from the run's cache (asked earlier by another check). */
  cached: boolean;
}

/** One node of the SPF evaluation tree. */
export interface SpfTreeNode {
  /** The term as written, e.g. "include:_spf.google.com", "-all", "redirect=spf.example.net". */
  term: string;
  /** Mechanism or modifier name (all, include, a, mx, ptr, ip4, ip6, exists, redirect, exp, or the unknown name). */
  kind: string;
  /** Qualifier (+ - ~ ?) for mechanisms; null for modifiers. */
  qualifier: '+' | '-' | '~' | '?' | null;
  /** The domain this term looks up, when any. */
  domain: string | null;
  /** What it resolved to: IPs/networks, MX hosts, the included record text. */
  resolvesTo: string[];
  /** True when the term counts against the 10 DNS-querying terms limit. */
  countsLookup: boolean;
  /** True when its lookup returned nothing (counts against the 2 void lookups limit). */
  voidLookup: boolean;
  /** The included/redirected record, expanded; empty for leaves. */
  children: SpfTreeNode[];
  /** Problem with this term (syntax, loop, permerror, deprecated ptr), plain words; null when fine. */
  problem: string | null;
  /** Result for the given sending IP when this term decided it; null otherwise. */
  matchedIp: boolean | null;
}

/** A label/value fact shown in a check's detail (key length, policy tags, MX priority…). */
export interface ProbeFact {
  /** Short label, e.g. "Key type". */
  label: string;
  /** Value as text. */
  value: string;
}

/** What a check rests on. */
export interface ProbeEvidence {
  /** The DNS queries this check made or reused, in order asked. */
  dns: ProbeDnsQuery[];
  /** SMTP conversation (SMTP probe checks), in the shared transcript shape. */
  transcript?: TranscriptEntry[];
  /** SPF evaluation tree (the SPF record check). */
  spfTree?: SpfTreeNode;
  /** HTTPS fetches (MTA-STS policy, BIMI SVG/VMC): URL, status, time, a short excerpt. */
  http?: { url: string; status: number | null; durationMs: number; excerpt: string; error: string | null }[];
  /** Facts for the detail table. */
  facts?: ProbeFact[];
}

/** One finished check. */
export interface ProbeCheck {
  /** Stable id within a report, e.g. "mx.records", "spf.lookups", "dkim.selector1", "dnsbl.zen.spamhaus.org.192.0.2.1", "smtp.mx1.example.org:25.tls". */
  id: string;
  /** Report section. */
  group: ProbeGroup;
  /** What the check is about when a group has several (an MX host, a selector, an IP, a list); null otherwise. */
  subject: string | null;
  /** Outcome. */
  status: ProbeStatus;
  /** One line: "SPF record found", "2 SPF records: permerror". */
  title: string;
  /** Plain explanation of what was found and why it matters. */
  explanation: string;
  /** What to change; null when nothing. */
  fix: string | null;
  /** What it rests on. */
  evidence: ProbeEvidence;
  /** Wall time of the check, ms. */
  durationMs: number;
}

/** The SMTP part of a request. */
export interface ProbeSmtpOptions {
  /** Probe each MX on port 25 (default true). */
  enabled: boolean;
  /** A host to probe instead of / besides the MX, with its port (25, 465, 587, 2525…); null for the MX. */
  host: string | null;
  /** Port for `host` (465 is implicit TLS; others STARTTLS when offered). */
  port: number | null;
  /** Recipient to test with MAIL FROM/RCPT TO (stops after RCPT, never DATA); null to skip. */
  rcptTest: string | null;
  /** Envelope sender for the recipient test; absent, null or "" for the null sender MAIL FROM:<>. */
  mailFrom?: string | null;
  /** Per-step timeout, ms (default 10 000). */
  timeoutMs?: number;
}

/** Which resolver to use. */
export interface ProbeDnsOptions {
  /** Servers as "ip" or "ip:port"; empty for the system resolver. */
  servers: string[];
  /** Per-query timeout, ms (default 3000). */
  timeoutMs?: number;
  /** Tries per query (default 2). */
  tries?: number;
}

/** What to probe. */
export interface ProbeRequest {
  /** The domain, e.g. "example.org". */
  domain: string;
  /** A sending IP to evaluate SPF for, check PTR/FCrDNS and blocklists; null when none. */
  ip: string | null;
  /** DKIM selectors to check besides the common ones. */
  selectors: string[];
  /** SMTP probe options. */
  smtp: ProbeSmtpOptions;
  /** Resolver options. */
  dns: ProbeDnsOptions;
}

/** Counts per status, for headers and exit codes. */
export type ProbeCounts = Record<ProbeStatus, number>;

/** State of a run. */
export type ProbeRunState = 'running' | 'done' | 'cancelled' | 'failed';

/** A probe run as listed (checks omitted). */
export interface ProbeRunSummary {
  /** Store id. */
  id: number;
  /** The domain probed. */
  domain: string;
  /** Start, ms since the epoch. */
  startedAt: number;
  /** End, ms since the epoch; null while running. */
  finishedAt: number | null;
  /** State. */
  state: ProbeRunState;
  /** Checks finished so far per status. */
  counts: ProbeCounts;
  /** Checks finished / expected (expected grows as dependent checks are discovered). */
  progress: { done: number; total: number };
  /** Why the run failed, when it did. */
  error: string | null;
}

/** A full run. */
export interface ProbeRun extends ProbeRunSummary {
  /** What was asked. */
  request: ProbeRequest;
  /** Checks in the order they finished. */
  checks: ProbeCheck[];
  /** Every DNS query of the run, in order (each check's evidence references a subset). */
  dns: ProbeDnsQuery[];
}

/** One difference between two runs of the same domain. */
export interface ProbeChange {
  /** Check id. */
  checkId: string;
  /** Check title now (or before, when it disappeared). */
  title: string;
  /** Status before; null when the check is new. */
  before: ProbeStatus | null;
  /** Status now; null when the check is gone. */
  after: ProbeStatus | null;
  /** Plain words: "SPF changed: include:_spf.esp.net added". */
  detail: string;
}

/** A run compared with the previous run of the same domain. */
export interface ProbeComparison {
  /** The run compared. */
  runId: number;
  /** The previous run of the same domain; null when there is none. */
  previous: ProbeRunSummary | null;
  /** Differences (empty when identical or no previous run). */
  changes: ProbeChange[];
}

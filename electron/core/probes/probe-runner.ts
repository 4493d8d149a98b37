/**
 * Runs one probe: every applicable check module at once over one per-run DNS
 * (cached, so modules that need the same answer share one query and the wall
 * time follows the longest chain of dependent lookups), streaming each
 * finished check, DNS query and the progress to `sink` as it happens.
 *
 * The runner owns what the modules must not have to think about:
 * - a module that throws becomes one `error` check, the others go on;
 * - cancel (the AbortSignal) stops promptly even if a module ignores it:
 *   every unfinished module gets one "cancelled" error check and anything it
 *   reports afterwards is dropped. Modules must leave no promise unhandled
 *   when cancelled (see checks/start-early.ts): Node would end the host on
 *   it, and nothing here hides one (test/integration/probes/cancel-strays);
 * - each check gets its wall time (since its module started) and a unique id;
 * - afterwards the sender-requirements checklist is derived from the checks.
 */
import type { ProbeCheck, ProbeCounts, ProbeDnsOptions, ProbeDnsQuery, ProbeRequest, ProbeRunState } from '../../../shared/model/probe';
import type { CheckResult, ProbeCheckDefinition, ProbeContext, ProbeDns } from './check-types';

/** The run's DNS: one cache and one ordered log, a recording view per check. */
export interface RunDns {
  /** A view for one check: its lookups go through the run's cache and are recorded as its evidence. */
  forCheck(): ProbeDns;
  /** Said in explanations and the report header. */
  readonly description: string;
}

/** Makes the run's DNS; `onQuery` sees every query (cached or not) once, in order. */
export type CreateRunDns = (options: ProbeDnsOptions, hooks: { signal: AbortSignal; onQuery(query: ProbeDnsQuery): void }) => RunDns;

/** Turns the finished checks into the sender-requirements checklist (index-more.ts). */
export type DeriveRequirements = (checks: readonly ProbeCheck[], request: ProbeRequest) => CheckResult[];

export interface ProbeRunnerDeps {
  /** Every module; those whose `applies` says no are skipped. */
  checks: readonly ProbeCheckDefinition[];
  createDns: CreateRunDns;
  /** Builds the run's HTTPS fetch (bound to the run's signal, connectTo, and a DNS view for host names). */
  createFetch?: (hooks: { signal: AbortSignal; connectTo: ProbeContext['connectTo']; dns: ProbeDns }) => ProbeContext['fetch'];
  /** A ready fetch instead (tests). */
  fetch?: ProbeContext['fetch'];
  /** Where to really connect (the identity outside tests). */
  connectTo?: ProbeContext['connectTo'];
  deriveRequirements?: DeriveRequirements;
  /** Clock (ms), injectable for tests. */
  now?: () => number;
}

/** What the runner streams. Called synchronously, in order; must not throw (errors are logged and ignored). */
export interface ProbeSink {
  dns?(query: ProbeDnsQuery): void;
  check?(check: ProbeCheck, progress: ProbeProgress): void;
}

/** Counts and progress after a check. */
export interface ProbeProgress {
  counts: ProbeCounts;
  /** Finished checks / expected (expected = finished + one per module still running + the checklist). */
  done: number;
  total: number;
}

export interface ProbeOutcome {
  state: Exclude<ProbeRunState, 'running'>;
  checks: ProbeCheck[];
  dns: ProbeDnsQuery[];
  counts: ProbeCounts;
  progress: { done: number; total: number };
  /** Why the run failed, when it did. */
  error: string | null;
  /** The resolver as described by the DNS layer. */
  resolver: string;
}

export function emptyCounts(): ProbeCounts {
  return { pass: 0, warn: 0, fail: 0, info: 0, error: 0 };
}

const identity: ProbeContext['connectTo'] = (host, port) => ({ host, port });

const noFetch: ProbeContext['fetch'] = async (url) => ({ url, status: null, headers: {}, body: new Uint8Array(), durationMs: 0, error: 'no HTTPS fetch is configured', tls: null });

/** Run `request` (already normalised) to the end or until `signal` aborts. Never rejects. */
export async function runProbe(request: ProbeRequest, deps: ProbeRunnerDeps, signal: AbortSignal, sink: ProbeSink = {}): Promise<ProbeOutcome> {
  const now = deps.now ?? (() => performance.now());
  const checks: ProbeCheck[] = [];
  const dnsLog: ProbeDnsQuery[] = [];
  const counts = emptyCounts();
  const ids = new Set<string>();
  const modules = deps.checks.filter((m) => safeApplies(m, request));
  let running = modules.length;
  const checklistPending = (): number => (deps.deriveRequirements ? 1 : 0);
  const progress = (): { done: number; total: number } => ({ done: checks.length, total: checks.length + running + checklistPending() });

  const emit = (result: CheckResult, durationMs: number): void => {
    const check: ProbeCheck = { ...result, id: uniqueId(result.id, ids), durationMs: Math.max(0, Math.round(durationMs)) };
    checks.push(check);
    counts[check.status] += 1;
    const p = progress();
    safely(() => sink.check?.(check, { counts: { ...counts }, done: p.done, total: p.total }));
  };

  let dns: RunDns;
  try {
    dns = deps.createDns(request.dns, {
      signal,
      onQuery(query) {
        dnsLog.push(query);
        safely(() => sink.dns?.(query));
      },
    });
  } catch (error) {
    return { state: 'failed', checks, dns: dnsLog, counts, progress: progress(), error: `The resolver could not be set up: ${messageOf(error)}`, resolver: request.dns.servers.join(', ') || 'system resolver' };
  }

  const connectTo = deps.connectTo ?? identity;
  // The fetch's host-name lookups go through the run's DNS (the user's resolver), recorded in the run's transcript.
  const fetch = deps.fetch ?? deps.createFetch?.({ signal, connectTo, dns: dns.forCheck() }) ?? noFetch;

  const cancelled = new Promise<'cancelled'>((resolve) => {
    if (signal.aborted) resolve('cancelled');
    else signal.addEventListener('abort', () => resolve('cancelled'), { once: true });
  });

  await Promise.all(
    modules.map(async (module) => {
      const started = now();
      const ctx: ProbeContext = { request, dns: dns.forCheck(), signal, fetch, connectTo };
      let open = true;
      let reported = 0;
      const report = (result: CheckResult): void => {
        if (!open) return;
        reported++;
        emit(result, now() - started);
      };
      const finished = Promise.resolve()
        .then(() => module.run(ctx, report))
        .then(
          () => 'done' as const,
          (error: unknown) => ({ error }),
        );
      const outcome = await Promise.race([finished, cancelled]);
      open = false;
      running--;
      if (outcome === 'cancelled' || (typeof outcome === 'object' && signal.aborted)) {
        emit(moduleError(module, `Cancelled before ${module.name} finished${reported ? ` (${reported} of its checks had finished)` : ''}.`, 'The probe was cancelled: run it again to see this part.', ctx.dns.queries), now() - started);
      } else if (typeof outcome === 'object') {
        emit(
          moduleError(module, `${module.name} could not be checked: ${messageOf(outcome.error)}`, 'This is a fault in Mailscope, not in your DNS: the other checks are unaffected. Please report it with the exported report.', ctx.dns.queries),
          now() - started,
        );
      }
    }),
  );

  if (deps.deriveRequirements && !signal.aborted) {
    const started = now();
    try {
      for (const result of deps.deriveRequirements(checks.slice(), request)) emit(result, now() - started);
    } catch (error) {
      emit({ id: 'requirements.error', group: 'requirements', subject: null, status: 'error', title: 'Sender requirements could not be derived', explanation: messageOf(error), fix: null, evidence: { dns: [] } }, now() - started);
    }
  }

  return {
    state: signal.aborted ? 'cancelled' : 'done',
    checks,
    dns: dnsLog,
    counts,
    progress: { done: checks.length, total: checks.length },
    error: null,
    resolver: dns.description,
  };
}

function safeApplies(module: ProbeCheckDefinition, request: ProbeRequest): boolean {
  try {
    return module.applies(request);
  } catch {
    // A broken `applies` should still show up: run the module and let it fail visibly.
    return true;
  }
}

function moduleError(module: ProbeCheckDefinition, title: string, explanation: string, queries: readonly ProbeDnsQuery[]): CheckResult {
  return { id: `${module.group}.${slug(module.name)}.error`, group: module.group, subject: null, status: 'error', title, explanation, fix: null, evidence: { dns: queries.slice() } };
}

/** Ids key comparisons between runs: a module reporting the same id twice gets "#2" on the second. */
function uniqueId(id: string, seen: Set<string>): string {
  let candidate = id;
  for (let n = 2; seen.has(candidate); n++) candidate = `${id}#${n}`;
  seen.add(candidate);
  return candidate;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'module';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    process.stderr.write(`probe: a listener failed: ${(error as Error)?.stack ?? String(error)}\n`);
  }
}

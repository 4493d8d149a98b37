/**
 * The probe operations of shared/api (issue 4): start a run (it streams
 * `probe.*` events while it runs in the background), cancel it, read it,
 * list the history, compare a run with the previous finished run of the same
 * domain, export it as JSON or Markdown, delete a run or a domain's history.
 *
 * A running run lives in memory (its checks and DNS transcript grow there, so
 * getProbeRun shows it mid-way); it is written to probes.db when it starts
 * and when it ends.
 */
import path from 'node:path';
import type { CoreHandlers } from '../../../shared/api/contract';
import type { CoreEvent } from '../../../shared/api/events';
import type { ProbeCheck, ProbeDnsQuery, ProbeRequest, ProbeRun, ProbeRunSummary } from '../../../shared/model/probe';
import { badRequest, CoreError, notFound } from '../errors';
import { intOption } from '../request-checks';
import { compareRuns } from './probe-compare';
import { defaultRunnerDeps } from './probe-deps';
import { openProbeHistory, PROBES_DB, type ProbeHistory } from './probe-history';
import { probeRunToMarkdown } from './probe-markdown';
import { normaliseDomain, normaliseProbeRequest } from './probe-request';
import { emptyCounts, runProbe, type ProbeRunnerDeps } from './probe-runner';

export type ProbeHandlers = Pick<CoreHandlers, 'startProbe' | 'cancelProbe' | 'getProbeRun' | 'listProbeRuns' | 'compareProbeRun' | 'exportProbeRun' | 'deleteProbeRun' | 'clearProbeHistory'>;

export interface ProbeDeps {
  /** Workspace directory (the probe history lives here). */
  dataDir: string;
  /** Core event sink. */
  emit: (event: CoreEvent) => void;
  /** Replace parts of the runner's wiring (tests: a host → loopback map, a stub fetch). */
  runner?: Partial<ProbeRunnerDeps>;
}

export interface ProbeService extends ProbeHandlers {
  /** Cancel running probes and close the history. */
  close(): Promise<void>;
}

/** Runs at once per workspace: each is a burst of DNS queries and SMTP connections. */
const MAX_RUNNING = 4;

interface LiveRun {
  run: ProbeRun;
  controller: AbortController;
  finished: Promise<void>;
}

export function createProbeService(deps: ProbeDeps): ProbeService {
  let history: ProbeHistory | null = null;
  let closed = false;
  const live = new Map<number, LiveRun>();
  const runnerDeps = defaultRunnerDeps(deps.runner);
  // Opened on first use: a workspace that never probes gets no probes.db.
  const store = (): ProbeHistory => {
    if (closed) throw new CoreError('unavailable', 'Mailscope is shutting down.');
    history ??= openProbeHistory(path.join(deps.dataDir, PROBES_DB));
    return history;
  };

  const summaryOf = (run: ProbeRun): ProbeRunSummary => ({
    id: run.id,
    domain: run.domain,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    state: run.state,
    counts: { ...run.counts },
    progress: { ...run.progress },
    error: run.error,
  });
  const snapshot = (run: ProbeRun): ProbeRun => ({ ...summaryOf(run), request: run.request, checks: run.checks.slice(), dns: run.dns.slice() });

  const find = (idValue: unknown): ProbeRun => {
    const id = intOption(idValue, 'id', undefined, 1, Number.MAX_SAFE_INTEGER);
    const running = live.get(id);
    if (running) return snapshot(running.run);
    const stored = store().get(id);
    if (!stored) throw notFound(`There is no probe run ${id}.`);
    return stored;
  };

  function start(request: ProbeRequest): number {
    const startedAt = Date.now();
    const id = store().insert(request, startedAt);
    const run: ProbeRun = { id, domain: request.domain, startedAt, finishedAt: null, state: 'running', counts: emptyCounts(), progress: { done: 0, total: 0 }, error: null, request, checks: [], dns: [] };
    const controller = new AbortController();
    deps.emit({ type: 'probe.started', run: summaryOf(run) });
    const finished = runProbe(request, runnerDeps, controller.signal, {
      dns(query: ProbeDnsQuery) {
        run.dns.push(query);
        deps.emit({ type: 'probe.dns', runId: id, query });
      },
      check(check: ProbeCheck, progress) {
        run.checks.push(check);
        run.counts = progress.counts;
        run.progress = { done: progress.done, total: progress.total };
        deps.emit({ type: 'probe.check-finished', runId: id, check, run: summaryOf(run) });
      },
    }).then((outcome) => {
      run.finishedAt = Date.now();
      run.state = outcome.state;
      run.error = outcome.error;
      run.counts = outcome.counts;
      run.progress = outcome.progress;
      try {
        history?.finish(run);
      } catch (error) {
        process.stderr.write(`probe: run ${id} could not be saved: ${(error as Error)?.message}\n`);
      }
      live.delete(id);
      deps.emit({ type: 'probe.finished', run: summaryOf(run) });
    });
    live.set(id, { run, controller, finished });
    return id;
  }

  return {
    async startProbe(request) {
      const normalised = normaliseProbeRequest(request);
      if (live.size >= MAX_RUNNING) throw new CoreError('conflict', `${live.size} probes are already running: wait for one to finish or cancel it.`);
      return { runId: start(normalised) };
    },

    async cancelProbe(request) {
      const id = intOption(request?.runId, 'runId', undefined, 1, Number.MAX_SAFE_INTEGER);
      const running = live.get(id);
      if (!running) return summaryOf(find(id));
      running.controller.abort();
      await running.finished;
      return summaryOf(running.run);
    },

    async getProbeRun(request) {
      return find(request?.id);
    },

    async listProbeRuns(request) {
      const offset = intOption(request?.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = intOption(request?.limit, 'limit', 50, 1, 500);
      const domain = request?.domain === undefined || request.domain === '' ? undefined : normaliseDomain(request.domain);
      const page = store().list({ ...(domain ? { domain } : {}), offset, limit });
      // Running runs: the stored row says 0 checks; the live one knows better.
      return { total: page.total, items: page.items.map((item) => (live.has(item.id) ? summaryOf((live.get(item.id) as LiveRun).run) : item)) };
    },

    async compareProbeRun(request) {
      const run = find(request?.id);
      if (run.state === 'running') throw new CoreError('conflict', `Probe ${run.id} is still running: compare it when it has finished.`);
      // Half a report against a whole one would list every missing check as "gone".
      if (run.state !== 'done') throw new CoreError('conflict', `Probe ${run.id} was ${run.state === 'cancelled' ? 'cancelled' : 'not finished'}: only finished runs are compared.`);
      return compareRuns(run, store().previousDone(run.domain, run.id));
    },

    async exportProbeRun(request) {
      const run = find(request?.id);
      const base = `mailscope-probe-${run.domain}-${run.id}`;
      if (request?.format === 'json') return { bytes: new TextEncoder().encode(`${JSON.stringify(run, null, 2)}\n`), contentType: 'application/json', filename: `${base}.json` };
      if (request?.format === 'markdown') return { bytes: new TextEncoder().encode(probeRunToMarkdown(run)), contentType: 'text/markdown; charset=utf-8', filename: `${base}.md` };
      throw badRequest('"format" must be "json" or "markdown".');
    },

    async deleteProbeRun(request) {
      const id = intOption(request?.id, 'id', undefined, 1, Number.MAX_SAFE_INTEGER);
      // Its row is rewritten when it ends: deleting it now would bring it back half-way.
      if (live.has(id)) throw new CoreError('conflict', `Probe ${id} is still running: cancel it first, then delete it.`);
      if (!store().remove(id)) throw notFound(`There is no probe run ${id}.`);
      deps.emit({ type: 'probe.deleted', ids: [id] });
      return { deleted: 1 };
    },

    async clearProbeHistory(request) {
      if (request?.domain === undefined || request.domain === '') throw badRequest('"domain" is required: the domain whose probe history to clear.');
      const domain = normaliseDomain(request.domain);
      // Runs still running are kept: they end normally and are then listed again.
      const ids = store().removeDomain(domain, new Set(live.keys()));
      if (ids.length) deps.emit({ type: 'probe.deleted', ids });
      return { deleted: ids.length };
    },

    async close() {
      if (closed) return;
      for (const running of live.values()) running.controller.abort();
      await Promise.allSettled([...live.values()].map((r) => r.finished));
      closed = true;
      history?.close();
      history = null;
    },
  };
}

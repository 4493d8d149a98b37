/**
 * The Probe screen's state: the form, the run being shown (its checks and DNS
 * transcript grow with `probe.*` events), its comparison with the previous
 * run of the domain, and the history of runs.
 *
 * Events can arrive before startProbe answers with the run id (the core
 * starts at once), so the shown run is filled from a snapshot (getProbeRun)
 * as soon as the id is known and events are merged into it by key — checks
 * by id, queries by seq — so nothing is lost or shown twice either way.
 */
import type { CoreEvent } from '../../shared/api/events';
import type { ProbeCheck, ProbeComparison, ProbeDnsQuery, ProbeRequest, ProbeRun, ProbeRunSummary } from '../../shared/model/probe';
import { ApiError, errorMessage } from '../api/client';
import { buildProbeRequest, emptyProbeForm, formFromRequest, inFormWords, type ProbeForm } from '../features/probe/probe-form';
import type { SliceCreator } from './slice';

/** The run under the form. */
export interface ShownProbe {
  id: number;
  /** Null until the first event or snapshot. */
  summary: ProbeRunSummary | null;
  request: ProbeRequest | null;
  checks: ProbeCheck[];
  dns: ProbeDnsQuery[];
  loading: boolean;
  error: string | null;
}

export type ProbeComparisonState = { runId: number; status: 'loading' } | { runId: number; status: 'done'; comparison: ProbeComparison } | { runId: number; status: 'error'; error: string };

export type ProbeEvent = Extract<CoreEvent, { type: 'probe.started' | 'probe.dns' | 'probe.check-finished' | 'probe.finished' | 'probe.deleted' }>;

export interface ProbeSlice {
  probeForm: ProbeForm;
  probeStarting: boolean;
  /** Why the last start failed (the form's or the core's words), or null. */
  probeStartError: string | null;
  shownProbe: ProbeShownOrNull;
  probeComparison: ProbeComparisonState | null;
  probeHistory: ProbeRunSummary[];
  probeHistoryTotal: number;
  probeHistoryError: string | null;

  updateProbeForm(patch: Partial<ProbeForm>): void;
  startProbe(): Promise<void>;
  /** Run the shown run's request again. */
  rerunProbe(): Promise<void>;
  cancelShownProbe(): Promise<void>;
  openProbe(id: number): Promise<void>;
  loadProbeHistory(): Promise<void>;
  exportProbe(id: number, format: 'json' | 'markdown'): Promise<void>;
  /** Delete one finished run from the history (the core refuses a running one). */
  deleteProbeRun(id: number): Promise<void>;
  /** Delete every run of `domain` from the history (running ones stay). */
  clearProbeHistory(domain: string): Promise<void>;
  /** Open Probe on a domain and run it (the analyzer's "Check <domain> now"). */
  checkDomainNow(domain: string): void;
  probeEventReceived(event: ProbeEvent): void;
  /** After a reconnect: events sent meanwhile are lost, so reload the history and the shown run. */
  probeResync(): Promise<void>;
}

type ProbeShownOrNull = ShownProbe | null;

const HISTORY_PAGE = 100;

export const createProbeSlice: SliceCreator<ProbeSlice> = (set, get, { api, saveFile }) => {
  const upsertHistory = (summary: ProbeRunSummary): void => {
    set((s) => {
      const at = s.probeHistory.findIndex((x) => x.id === summary.id);
      if (at >= 0) {
        const next = s.probeHistory.slice();
        next[at] = summary;
        return { probeHistory: next };
      }
      return { probeHistory: [summary, ...s.probeHistory], probeHistoryTotal: s.probeHistoryTotal + 1 };
    });
  };

  /**
   * Runs gone from the history (this window deleted them, or another did: the
   * probe.deleted event). Idempotent, as both happen for one delete.
   */
  const removeRuns = (ids: readonly number[]): void => {
    const gone = new Set(ids);
    set((s) => {
      const kept = s.probeHistory.filter((r) => !gone.has(r.id));
      const shownGone = s.shownProbe !== null && gone.has(s.shownProbe.id);
      return {
        probeHistory: kept,
        probeHistoryTotal: Math.max(0, s.probeHistoryTotal - (s.probeHistory.length - kept.length)),
        ...(shownGone ? { shownProbe: null, probeComparison: null } : {}),
      };
    });
    // The shown run was compared with a run now deleted: "changed since" is now measured from the one before it.
    const comparison = get().probeComparison;
    if (comparison?.status === 'done' && comparison.comparison.previous && gone.has(comparison.comparison.previous.id)) void loadComparison(comparison.runId);
  };

  const patchShown = (id: number, patch: (shown: ShownProbe) => Partial<ShownProbe>): void => {
    set((s) => (s.shownProbe?.id === id ? { shownProbe: { ...s.shownProbe, ...patch(s.shownProbe) } } : {}));
  };

  const loadComparison = async (runId: number): Promise<void> => {
    set({ probeComparison: { runId, status: 'loading' } });
    try {
      const comparison = await api.compareProbeRun({ id: runId });
      if (get().probeComparison?.runId === runId) set({ probeComparison: { runId, status: 'done', comparison } });
    } catch (error) {
      if (get().probeComparison?.runId === runId) set({ probeComparison: { runId, status: 'error', error: errorMessage(error) } });
    }
  };

  /** Merge a snapshot into the shown run (events may have added some of it already). */
  const mergeSnapshot = (run: ProbeRun): void => {
    const { request, checks, dns, ...summary } = run;
    patchShown(run.id, (shown) => {
      const known = new Set(checks.map((c) => c.id));
      const seqs = new Set(dns.map((q) => q.seq));
      // Keep the later summary: an event may be newer than the snapshot.
      const newer = shown.summary && shown.summary.progress.done > summary.progress.done ? shown.summary : summary;
      return {
        summary: shown.summary?.state !== 'running' && shown.summary ? shown.summary : newer,
        request,
        checks: [...checks, ...shown.checks.filter((c) => !known.has(c.id))],
        dns: [...dns, ...shown.dns.filter((q) => !seqs.has(q.seq))].sort((a, b) => a.seq - b.seq),
        loading: false,
        error: null,
      };
    });
    // Only a finished report is compared: a cancelled one would list every missing check as "gone".
    if (run.state === 'done') void loadComparison(run.id);
    else if (run.state !== 'running') set((s) => (s.probeComparison?.runId === run.id ? { probeComparison: null } : {}));
  };

  const start = async (request: ProbeRequest): Promise<void> => {
    set({ probeStarting: true, probeStartError: null });
    try {
      const { runId } = await api.startProbe(request);
      set({ probeStarting: false, shownProbe: { id: runId, summary: null, request, checks: [], dns: [], loading: true, error: null }, probeComparison: null });
      const run = await api.getProbeRun({ id: runId });
      mergeSnapshot(run);
    } catch (error) {
      if (get().probeStarting) set({ probeStarting: false, probeStartError: inFormWords(errorMessage(error)) });
      else {
        const id = get().shownProbe?.id;
        if (id !== undefined) patchShown(id, () => ({ loading: false }));
      }
    }
  };

  return {
    probeForm: emptyProbeForm(),
    probeStarting: false,
    probeStartError: null,
    shownProbe: null,
    probeComparison: null,
    probeHistory: [],
    probeHistoryTotal: 0,
    probeHistoryError: null,

    updateProbeForm(patch) {
      set((s) => ({ probeForm: { ...s.probeForm, ...patch }, probeStartError: null }));
    },

    async startProbe() {
      const built = buildProbeRequest(get().probeForm);
      if ('error' in built) {
        set({ probeStartError: built.error });
        return;
      }
      await start(built.request);
    },

    async rerunProbe() {
      const request = get().shownProbe?.request;
      if (!request) return;
      set({ probeForm: formFromRequest(request) });
      await start(request);
    },

    async cancelShownProbe() {
      const shown = get().shownProbe;
      if (!shown) return;
      try {
        const summary = await api.cancelProbe({ runId: shown.id });
        patchShown(shown.id, () => ({ summary }));
        upsertHistory(summary);
      } catch (error) {
        patchShown(shown.id, () => ({ error: errorMessage(error) }));
      }
    },

    async openProbe(id) {
      if (get().shownProbe?.id === id) return;
      set({ shownProbe: { id, summary: get().probeHistory.find((h) => h.id === id) ?? null, request: null, checks: [], dns: [], loading: true, error: null }, probeComparison: null });
      try {
        const run = await api.getProbeRun({ id });
        if (get().shownProbe?.id !== id) return;
        set({ probeForm: formFromRequest(run.request) });
        mergeSnapshot(run);
      } catch (error) {
        patchShown(id, () => ({ loading: false, error: errorMessage(error) }));
      }
    },

    async loadProbeHistory() {
      try {
        const page = await api.listProbeRuns({ limit: HISTORY_PAGE });
        set({ probeHistory: page.items, probeHistoryTotal: page.total, probeHistoryError: null });
      } catch (error) {
        set({ probeHistoryError: errorMessage(error) });
      }
    },

    async exportProbe(id, format) {
      try {
        const file = await api.exportProbeRun({ id, format });
        await saveFile(file.filename ?? `mailscope-probe-${id}.${format === 'json' ? 'json' : 'md'}`, file.bytes, file.contentType);
      } catch (error) {
        get().pushBanner('error', `Could not export probe #${id}: ${errorMessage(error)}`);
      }
    },

    async deleteProbeRun(id) {
      try {
        await api.deleteProbeRun({ id });
        removeRuns([id]);
      } catch (error) {
        get().pushBanner('error', `Could not delete probe #${id}: ${errorMessage(error)}`);
      }
    },

    async clearProbeHistory(domain) {
      try {
        await api.clearProbeHistory({ domain });
        removeRuns(get().probeHistory.filter((r) => r.domain === domain && r.state !== 'running').map((r) => r.id));
        // Runs beyond the loaded page were removed too: the total comes from the core.
        await get().loadProbeHistory();
      } catch (error) {
        get().pushBanner('error', `Could not clear the probe history of ${domain}: ${errorMessage(error)}`);
      }
    },

    checkDomainNow(domain) {
      // The resolver and SMTP choice are the user's setup, kept; what described the last domain is not.
      set((s) => ({ tool: 'probe', probeForm: { ...emptyProbeForm(), domain, dnsServers: s.probeForm.dnsServers, smtpEnabled: s.probeForm.smtpEnabled } }));
      void get().startProbe();
    },

    async probeResync() {
      await get().loadProbeHistory();
      const id = get().shownProbe?.id;
      if (id === undefined) return;
      try {
        const run = await api.getProbeRun({ id });
        const { request: _request, checks: _checks, dns: _dns, ...summary } = run;
        // The stored state wins: a probe.finished missed while disconnected would otherwise leave "running" forever.
        patchShown(id, () => ({ summary }));
        mergeSnapshot(run);
      } catch (error) {
        // Deleted meanwhile (its probe.deleted was missed): close it like a delete seen live would.
        if (error instanceof ApiError && error.code === 'not_found') removeRuns([id]);
      }
    },

    probeEventReceived(event) {
      switch (event.type) {
        case 'probe.started':
          upsertHistory(event.run);
          patchShown(event.run.id, () => ({ summary: event.run }));
          break;
        case 'probe.dns':
          patchShown(event.runId, (shown) => (shown.dns.some((q) => q.seq === event.query.seq) ? {} : { dns: [...shown.dns, event.query] }));
          break;
        case 'probe.check-finished':
          upsertHistory(event.run);
          patchShown(event.runId, (shown) => (shown.checks.some((c) => c.id === event.check.id) ? { summary: event.run } : { summary: event.run, checks: [...shown.checks, event.check] }));
          break;
        case 'probe.finished':
          upsertHistory(event.run);
          if (get().shownProbe?.id === event.run.id) {
            patchShown(event.run.id, () => ({ summary: event.run }));
            // The stored run has everything (a check event lost on a reconnect is back), then the comparison.
            void api.getProbeRun({ id: event.run.id }).then(mergeSnapshot, () => undefined);
          }
          break;
        case 'probe.deleted':
          removeRuns(event.ids);
          break;
      }
    },
  };
};

/**
 * Fault injection as the UI sees it: the configuration the core applies
 * (with live hit counters from faults.changed), and the calls that change
 * it. Every change is saved at once — a QA engineer toggling a rule expects
 * the next SMTP connection to see it — so there is no draft to reconcile
 * with counters that move underneath it; the rule editor keeps its own draft
 * of the one rule being edited.
 */
import type { FaultRule, FaultSettings } from '../../shared/model/faults';
import type { SmtpSession, SmtpSessionSummary } from '../../shared/model/session';
import { errorMessage } from '../api/client';
import type { SliceCreator } from './slice';

export interface FaultsSlice {
  /** The configuration in force; null until loaded. */
  faults: FaultSettings | null;
  /** Why loading failed, if it did. */
  faultsError: string | null;
  /** A save is in flight. */
  faultsBusy: boolean;
  /**
   * The latest capture sessions, newest first, for the panel's "Recent
   * sessions": a refused message is not stored, so this is where its
   * transcript (and the rule that refused it) can be read in the UI.
   */
  faultSessions: SmtpSessionSummary[];
  /** The recent session opened in the panel, with its transcript. */
  faultSession: SmtpSession | null;

  loadFaults(): Promise<void>;
  /** Save a whole configuration; resolves to the core's error message, or null when saved. */
  saveFaults(faults: FaultSettings): Promise<string | null>;
  /** Save the rules list (order, edits, deletions), keeping the rate limit. */
  saveFaultRules(rules: FaultRule[]): Promise<string | null>;
  resetFaultCounters(): Promise<void>;
  /** faults.changed: a save elsewhere (API, another window) or new hit counts. */
  faultsChanged(faults: FaultSettings): void;
  loadFaultSessions(): Promise<void>;
  /** Show one recent session's transcript (null closes it). */
  openFaultSession(id: number | null): Promise<void>;
}

/** Sessions listed in the panel. */
const RECENT_SESSIONS = 8;

export const createFaultsSlice: SliceCreator<FaultsSlice> = (set, get, { api }) => ({
  faults: null,
  faultsError: null,
  faultsBusy: false,
  faultSessions: [],
  faultSession: null,

  async loadFaults() {
    try {
      set({ faults: await api.getFaults(), faultsError: null });
    } catch (error) {
      set({ faultsError: errorMessage(error) });
    }
  },

  async saveFaults(faults) {
    set({ faultsBusy: true });
    try {
      set({ faults: await api.setFaults({ faults }), faultsError: null });
      return null;
    } catch (error) {
      return errorMessage(error);
    } finally {
      set({ faultsBusy: false });
    }
  },

  async saveFaultRules(rules) {
    const current = get().faults;
    if (!current) return 'The fault rules have not loaded yet.';
    return get().saveFaults({ ...current, rules });
  },

  async resetFaultCounters() {
    try {
      set({ faults: await api.resetFaultCounters() });
    } catch (error) {
      get().pushBanner('error', `Could not reset the fault counters: ${errorMessage(error)}`);
    }
  },

  faultsChanged(faults) {
    set({ faults, faultsError: null });
  },

  async loadFaultSessions() {
    try {
      set({ faultSessions: (await api.listSessions({ limit: RECENT_SESSIONS })).items });
    } catch (error) {
      get().pushBanner('error', `Could not list the SMTP sessions: ${errorMessage(error)}`);
    }
  },

  async openFaultSession(id) {
    if (id === null) return set({ faultSession: null });
    try {
      set({ faultSession: await api.getSession({ id }) });
    } catch (error) {
      get().pushBanner('error', `Could not load SMTP session ${id}: ${errorMessage(error)}`);
    }
  },
});

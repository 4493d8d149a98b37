/**
 * The fault-injection operations of shared/api (issue 5): read, replace and
 * reset the rules the capture server applies. The configuration is kept in
 * the store's settings (it survives a restart); hit counters stay in memory.
 * `faults.changed` goes out at once when the configuration changes and at
 * most a few times a second while rules are being hit, so a load test with a
 * rule active does not flood the event socket.
 */
import type { CoreHandlers } from '../../../shared/api/contract';
import type { CoreEvent } from '../../../shared/api/events';
import type { FaultSettings } from '../../../shared/model/faults';
import { DEFAULT_FAULT_SETTINGS, faultSettingsProblems } from '../../../shared/faults/fault-rules';
import { badRequest } from '../errors';
import type { MessageStore } from '../store/types';
import { FaultEngine } from './fault-engine';

export type FaultHandlers = Pick<CoreHandlers, 'getFaults' | 'setFaults' | 'resetFaultCounters'>;

/** The settings key in the store. */
export const FAULTS_SETTING_KEY = 'faults';

/** Least time between two hit-driven faults.changed events. */
export const HIT_EVENT_MS = 250;

export interface FaultService extends FaultHandlers {
  /** The engine the capture server consults. */
  engine: FaultEngine;
  /** Stop the pending event timer. */
  close(): void;
}

/** What is persisted: the configuration without counters. */
function persisted(settings: FaultSettings): FaultSettings {
  return {
    rules: settings.rules.map((rule) => ({ ...rule, hits: 0 })),
    rateLimit: { enabled: settings.rateLimit.enabled, maxMessages: settings.rateLimit.maxMessages, windowSeconds: settings.rateLimit.windowSeconds, reply: settings.rateLimit.reply },
  };
}

/**
 * Stored settings from an older or hand-edited workspace: used when they
 * still pass the checks, otherwise left aside (with a note on stderr) so a
 * bad row can never keep the capture server from starting.
 */
function fromStored(value: unknown, log: (line: string) => void): FaultSettings {
  if (value === null || value === undefined) return DEFAULT_FAULT_SETTINGS;
  const problems = faultSettingsProblems(value);
  if (problems.length > 0) {
    log(`core: the saved fault rules are not valid and were not applied (${problems.join(' ')})`);
    return DEFAULT_FAULT_SETTINGS;
  }
  return value as FaultSettings;
}

export function createFaultService(deps: { store: MessageStore; emit: (event: CoreEvent) => void; log?: (line: string) => void }): FaultService {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastEmit = 0;

  const emitNow = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastEmit = Date.now();
    deps.emit({ type: 'faults.changed', faults: engine.get() });
  };
  // Leading and trailing: the first hit shows at once, a burst ends with the final counts.
  const emitSoon = (): void => {
    if (timer) return;
    const wait = Math.max(0, lastEmit + HIT_EVENT_MS - Date.now());
    timer = setTimeout(emitNow, wait);
    timer.unref();
  };

  const engine = new FaultEngine(emitSoon);
  engine.set(fromStored(deps.store.getSetting<unknown>(FAULTS_SETTING_KEY), log));

  return {
    engine,

    async getFaults() {
      return engine.get();
    },

    async setFaults(request) {
      const faults = (request as { faults?: unknown } | null)?.faults;
      if (faults === undefined) throw badRequest('Send the fault settings as { faults: { rules: [...], rateLimit: {...} } }.');
      const problems = faultSettingsProblems(faults);
      if (problems.length > 0) throw badRequest(problems.join(' '));
      const saved = engine.set(faults as FaultSettings);
      deps.store.setSetting(FAULTS_SETTING_KEY, persisted(saved));
      emitNow();
      return saved;
    },

    async resetFaultCounters() {
      const saved = engine.resetCounters();
      emitNow();
      return saved;
    },

    close() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

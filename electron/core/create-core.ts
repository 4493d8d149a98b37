/**
 * The core composition: one workspace directory → the store, the settings,
 * the capture server and every shared/api operation, plus the event stream.
 * Nothing here knows about HTTP or Electron (electron/server and
 * electron/host put it on the wire).
 *
 * Errors meant for the user are CoreErrors (bad_request → 400, not_found →
 * 404); anything else is a bug and the adapter answers 500.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CoreEvent } from '../../shared/api/events';
import type { CaptureSettings } from '../../shared/model/settings';
import { createAnalyzeHandler } from './analysis/analyze-service';
import { CaptureServer } from './capture/capture-server';
import type { Core, CoreOptions } from './core';
import { createImportExport } from './import-export';
import { mainThreadBackend, plainFirst, type IndexBackend } from './indexer/index-backend';
import { findIndexWorker, WorkerIndexBackend } from './indexer/worker-backend';
import { findBuiltWorker } from './built-worker';
import { BackgroundCheckpointer } from './store/background-checkpointer';
import { indexMessage } from './mime/index-message';
import { InThreadCaptureWriter, type CaptureWriter } from './store/capture-writer';
import { createMessageHandlers } from './message-handlers';
import { createProbeService } from './probes/probe-handlers';
import { createSendService } from './send/send-handlers';
import { createFaultService } from './capture/fault-handlers';
import { applyPatch, fromStored, maskSettings } from './settings/capture-settings';
import { badRequest, notFound } from './errors';
import { intOption } from './request-checks';
import { openMessageStore } from './store/message-store';
import type { MessageStore } from './store/types';

/** The database file inside a workspace. */
export const DB_FILE = 'mailscope.db';

/**
 * How long the indexer waits for more captures before parsing a small batch:
 * the inbox shows a message this much later, and under load the SMTP thread
 * spends less on handing batches over (see BackgroundIndexer).
 */
const INDEX_GATHER_MS = 10;

/** The settings key in the store. */
const SETTINGS_KEY = 'capture';

export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const dbPath = path.join(dataDir, DB_FILE);
  const store = openMessageStore(dbPath);
  const checkpointer = startCheckpointer(store, dbPath);
  try {
    return await compose(options, dataDir, store, checkpointer);
  } catch (error) {
    await checkpointer?.close();
    store.close();
    throw error;
  }
}

/** WAL checkpoints on their own thread when the build made the worker (else SQLite's automatic ones stay). */
function startCheckpointer(store: MessageStore, dbPath: string): BackgroundCheckpointer | null {
  const file = findBuiltWorker('checkpoint-worker.js');
  if (!file) return null;
  try {
    return new BackgroundCheckpointer({ file, store, dbPath });
  } catch (error) {
    process.stderr.write(`core: the checkpoint worker could not start (${(error as Error)?.message}); checkpointing on the main thread\n`);
    return null;
  }
}

async function compose(options: CoreOptions, dataDir: string, store: MessageStore, checkpointer: BackgroundCheckpointer | null): Promise<Core> {
  const listeners = new Set<(event: CoreEvent) => void>();
  const emit = (event: CoreEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        process.stderr.write(`core: an event listener failed: ${(error as Error)?.stack ?? String(error)}\n`);
      }
    }
  };

  // Layers: defaults ← stored ← this run's overrides (CLI flags). A setting
  // the user changes later wins over the override for the rest of the run.
  let stored: CaptureSettings = fromStored(store.getSetting<unknown>(SETTINGS_KEY));
  let overrides: Partial<CaptureSettings> = options.captureOverrides ? applyOverrides(stored, options.captureOverrides) : {};
  const effective = (): CaptureSettings => ({ ...stored, ...overrides });
  store.setFsyncEachCommit(effective().fsyncEachCommit);

  // Another process writing to this workspace (`mailscope import --data` while the host runs) sends
  // no events of its own: notice its commits by SQLite's data_version and tell the windows to reload.
  let seenVersion = store.dataVersion();
  const externalWatch = setInterval(() => {
    try {
      const version = store.dataVersion();
      if (version === seenVersion) return;
      seenVersion = version;
      emit({ type: 'messages.changed-elsewhere' });
    } catch {
      // closing: the store is gone
    }
  }, options.externalChangeMs ?? 1000);
  externalWatch.unref();

  // Captures are committed on this thread with their header summary (before
  // the 250) and parsed in full afterwards, in the index worker when the
  // build made one. A writer thread was tried (until 2026-11-26): the two
  // thread hops per message cost more than the commit they moved — 1.3×
  // fewer messages/s at one session, no gain at 16 (test/bench/capture-notes.md).
  // A commit waits a few turns while other sessions are in a mail transaction (group-commit.ts).
  let receiving = (): number => 0;
  const writer: CaptureWriter = new InThreadCaptureWriter({ store, backend: plainFirst(indexBackend()), emit, gatherMs: INDEX_GATHER_MS, arriving: () => receiving() });
  const faultService = createFaultService({ store, emit });
  const capture = new CaptureServer({ store, writer, emit, dataDir, faults: faultService.engine });
  receiving = () => capture.transactionsInProgress();
  // When the WAL must start over, the checkpoint worker asks for a moment without commits (checkpoint-worker.ts).
  checkpointer?.setWriteHold(() => writer.holdCommits());
  const messages = createMessageHandlers({ store, emit });
  const transfer = createImportExport({ store, emit, indexMessage, getSettings: effective });
  const probes = createProbeService({ dataDir, emit });
  const sends = createSendService({ dataDir, store, emit, secretBridge: options.secretBridge ?? null });

  // Messages a crash left unindexed (committed, 250 sent, not yet parsed).
  writer.kick();
  if (options.forceStartCapture || effective().autoStart) {
    try {
      await capture.start(effective());
    } catch (error) {
      await writer.close();
      throw error;
    }
  }

  let closing: Promise<void> | null = null;

  const core: Core = {
    ...messages,
    ...transfer,
    getFaults: faultService.getFaults,
    setFaults: faultService.setFaults,
    resetFaultCounters: faultService.resetFaultCounters,
    startProbe: probes.startProbe,
    cancelProbe: probes.cancelProbe,
    getProbeRun: probes.getProbeRun,
    listProbeRuns: probes.listProbeRuns,
    compareProbeRun: probes.compareProbeRun,
    exportProbeRun: probes.exportProbeRun,
    deleteProbeRun: probes.deleteProbeRun,
    clearProbeHistory: probes.clearProbeHistory,
    sendMessage: sends.sendMessage,
    cancelSend: sends.cancelSend,
    getSend: sends.getSend,
    listSends: sends.listSends,
    exportSendTranscript: sends.exportSendTranscript,
    listSendProfiles: sends.listSendProfiles,
    saveSendProfile: sends.saveSendProfile,
    deleteSendProfile: sends.deleteSendProfile,

    async getStatus() {
      const counts = store.count();
      return {
        version: options.version,
        dataDir,
        capture: capture.status(),
        messageCount: counts.total,
        unreadCount: counts.unread,
        maxMessages: effective().maxMessages,
        indexPending: store.unindexedCount(),
      };
    },

    async getSettings() {
      return maskSettings(effective());
    },

    async updateSettings(request) {
      if (typeof request?.settings !== 'object' || request.settings === null) throw badRequest('Send the settings to change as { settings: { … } }.');
      const next = applyPatch(effective(), request.settings);
      const changedKeys = Object.keys(request.settings) as (keyof CaptureSettings)[];
      stored = { ...stored };
      for (const key of changedKeys) (stored as unknown as Record<string, unknown>)[key] = next[key];
      overrides = Object.fromEntries(Object.entries(overrides).filter(([key]) => !changedKeys.includes(key as keyof CaptureSettings)));
      store.setSetting(SETTINGS_KEY, stored);
      if (changedKeys.includes('fsyncEachCommit')) {
        store.setFsyncEachCommit(effective().fsyncEachCommit);
        writer.setFsyncEachCommit(effective().fsyncEachCommit);
      }
      const status = await capture.configure(effective());
      // Fewer messages allowed now: prune at once rather than at the next arrival.
      if (changedKeys.includes('maxMessages')) {
        const pruned = store.prune(effective().maxMessages);
        if (pruned.length > 0) emit({ type: 'messages.deleted', ids: pruned, all: false });
      }
      return { settings: maskSettings(effective()), status };
    },

    async startCapture() {
      return capture.start(effective());
    },

    async stopCapture() {
      return capture.stop();
    },

    async listSessions(request) {
      const offset = intOption(request?.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = intOption(request?.limit, 'limit', 100, 1, 1000);
      return store.listSessions(offset, limit);
    },

    analyzeMessage: createAnalyzeHandler(async (id) => {
      const raw = store.getRaw(id);
      if (!raw) throw notFound(`Message ${id} does not exist (it may have been deleted).`);
      // The envelope's MAIL FROM stands in for a missing Return-Path (Mailscope was the receiver).
      return { raw, envelope: store.getEnvelope(id) };
    }),

    async getSession(request) {
      const id = intOption(request?.id, 'id', undefined, 1, Number.MAX_SAFE_INTEGER);
      const session = store.getSession(id);
      if (!session) throw notFound(`There is no SMTP session ${id}.`);
      // An open session's transcript is still in memory.
      return capture.liveSession(session) ?? session;
    },

    idle() {
      return writer.idle();
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    close() {
      closing ??= (async () => {
        try {
          await Promise.allSettled([probes.close(), sends.close()]);
          await capture.stop();
        } finally {
          clearInterval(externalWatch);
          faultService.close();
          await writer.close();
          // Before the store: its close, as the last connection, checkpoints what is left.
          await checkpointer?.close();
          store.close();
          listeners.clear();
        }
      })();
      return closing;
    },
  };
  return core;
}

/** The worker when the build made one, else the main thread; a worker that cannot start falls back too. */
function indexBackend(): IndexBackend {
  const file = findIndexWorker();
  if (!file) return mainThreadBackend();
  try {
    return new WorkerIndexBackend(file);
  } catch (error) {
    process.stderr.write(`core: the index worker could not start (${(error as Error)?.message}); parsing on the main thread\n`);
    return mainThreadBackend();
  }
}

/** Per-run overrides are checked like any update (a bad --smtp-host is a clear error, not a crash later). */
function applyOverrides(stored: CaptureSettings, overrides: Partial<CaptureSettings>): Partial<CaptureSettings> {
  const merged = applyPatch(stored, overrides);
  const out: Partial<CaptureSettings> = {};
  for (const key of Object.keys(overrides) as (keyof CaptureSettings)[]) (out as Record<string, unknown>)[key] = merged[key];
  return out;
}

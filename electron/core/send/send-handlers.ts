/**
 * The send/replay operations of shared/api (issue 5): start a send (it runs
 * in the background; its transcript lines arrive as `send.step` events, then
 * `send.finished`), cancel it, read the history, export a transcript, and
 * keep profiles with their secrets (secret-store.ts).
 *
 * No response and no stored byte carries a password or token: transcripts
 * and replies are scrubbed in the engine, profiles only say whether a secret
 * is set, and the DKIM private key is used for the signing call only.
 */
import path from 'node:path';
import type { CoreHandlers } from '../../../shared/api/contract';
import type { CoreEvent } from '../../../shared/api/events';
import type { SendProfile, SendRecord, SendRequest, SendSummary, SendTarget } from '../../../shared/model/send';
import type { TranscriptEntry } from '../../../shared/model/session';
import { CoreError, badRequest, notFound } from '../errors';
import { intOption } from '../request-checks';
import { MAX_SEND_BYTES, prepareMessage, signDkim, type StoredMessages } from './message-source';
import { createSecretStore, type SecretBridge, type SecretStore } from './secret-store';
import { systemSendDns, type SendDns } from './send-dns';
import { runSend, targetLabel } from './send-engine';
import { SENDS_DB_FILE, SendHistory, type StoredProfile } from './send-history';
import { checkEnvelope, checkTarget } from './target-checks';
import { transcriptText } from './transcript-text';

export type SendHandlers = Pick<
  CoreHandlers,
  'sendMessage' | 'cancelSend' | 'getSend' | 'listSends' | 'exportSendTranscript' | 'listSendProfiles' | 'saveSendProfile' | 'deleteSendProfile'
>;

export interface SendDeps {
  /** Workspace directory (send history and profiles live here). */
  dataDir: string;
  /** The message store (replaying a captured or imported message reads its raw bytes and envelope). */
  store: StoredMessages;
  /** Core event sink. */
  emit: (event: CoreEvent) => void;
  /** Desktop: the shell's safeStorage over the utility-process channel. Absent in headless mode. */
  secretBridge?: SecretBridge | null;
  /** DNS for MX delivery and host names (default: the system resolver). */
  dns?: SendDns;
  /** Port used for MX delivery (default 25; tests use loopback ports). */
  mxPort?: number;
  /** Extra trusted CA certificates, PEM (tests; a private CA). */
  ca?: string[];
}

export interface SendService extends SendHandlers {
  /** Cancel running sends and close the history. */
  close(): Promise<void>;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  summary: SendSummary;
  sourceLabel: string;
  transcript: TranscriptEntry[];
}

export function createSendService(deps: SendDeps): SendService {
  const history = new SendHistory(path.join(deps.dataDir, SENDS_DB_FILE));
  const secrets: SecretStore = createSecretStore({ dataDir: deps.dataDir, bridge: deps.secretBridge ?? null });
  const dns = deps.dns ?? systemSendDns();
  const running = new Map<number, Running>();
  let closed = false;

  const publicProfile = async (stored: StoredProfile, warning?: string): Promise<SendProfile> => {
    const hasSecret = stored.secretStorage !== 'none' && (await secrets.has(stored.id, stored.secretStorage, stored.secretBlob));
    return { id: stored.id, name: stored.name, target: stored.target, hasSecret, secretStorage: hasSecret ? stored.secretStorage : 'none', ...(warning ? { warning } : {}) };
  };

  const resolveTarget = async (request: SendRequest): Promise<{ target: SendTarget; secret: string | null }> => {
    const given = request.target as SendTarget | { profileId: number } | undefined;
    const secret = request.secret === undefined || request.secret === null ? null : String(request.secret);
    if (given && typeof given === 'object' && 'profileId' in given) {
      const profile = history.getProfile(intOption(given.profileId, 'target.profileId', undefined, 1, Number.MAX_SAFE_INTEGER));
      if (!profile) throw notFound(`There is no send profile ${given.profileId}.`);
      const stored = secret ?? (profile.secretStorage !== 'none' ? await secrets.load(profile.id, profile.secretStorage, profile.secretBlob) : null);
      return { target: checkTarget(profile.target), secret: stored };
    }
    return { target: checkTarget(given), secret };
  };

  const liveRecord = (run: Running): SendRecord => ({ ...run.summary, transcript: [...run.transcript], sourceLabel: run.sourceLabel });

  // A plain function, not `this.getSend`: create-core hands the handlers out detached.
  const getSend = (value: unknown): SendRecord => {
    const id = intOption(value, 'id', undefined, 1, Number.MAX_SAFE_INTEGER);
    const run = running.get(id);
    if (run) return liveRecord(run);
    const stored = history.get(id);
    if (!stored) throw notFound(`There is no send ${id}.`);
    return stored;
  };

  return {
    async sendMessage(request) {
      if (closed) throw new CoreError('unavailable', 'Mailscope is shutting down.');
      if (typeof request !== 'object' || request === null) throw badRequest('Send { source, envelope, target, secret, dkim }.');
      const { target, secret } = await resolveTarget(request);
      const prepared = await prepareMessage(request.source, deps.store);
      const raw = request.dkim ? await signDkim(prepared.raw, request.dkim) : prepared.raw;
      if (raw.length > MAX_SEND_BYTES) throw new CoreError('too_large', `The message is ${raw.length} bytes; sends are limited to ${MAX_SEND_BYTES} bytes.`);
      const envelope = request.envelope ? checkEnvelope(request.envelope) : prepared.envelope;
      if (envelope.to.length === 0) throw badRequest('The message names no recipient: give the envelope recipients.');
      if (target.mode === 'mx' && envelope.to.some((a) => !a.includes('@'))) throw badRequest('MX delivery needs full recipient addresses (name@domain).');

      const startedAt = Date.now();
      const base: Omit<SendSummary, 'id'> = {
        startedAt,
        finishedAt: null,
        status: 'running',
        targetLabel: targetLabel(target, envelope.to),
        envelope,
        subject: prepared.subject,
        size: raw.length,
        queueId: null,
        explanation: null,
        recipients: [],
        timings: { dnsMs: null, connectMs: null, tlsMs: null, authMs: null, dataMs: null, totalMs: null },
      };
      const id = history.start(base, prepared.sourceLabel);
      const controller = new AbortController();
      const run: Running = { controller, done: Promise.resolve(), summary: { id, ...base }, sourceLabel: prepared.sourceLabel, transcript: [] };
      running.set(id, run);
      deps.emit({ type: 'send.started', send: run.summary });

      run.done = (async () => {
        let record: SendRecord;
        try {
          const result = await runSend(
            { target, secret, envelope, raw },
            {
              dns,
              ...(deps.mxPort !== undefined ? { mxPort: deps.mxPort } : {}),
              ...(deps.ca ? { ca: deps.ca } : {}),
              signal: controller.signal,
              onEntry: (entry) => {
                run.transcript.push(entry);
                deps.emit({ type: 'send.step', sendId: id, entry });
              },
            },
          );
          record = { ...run.summary, finishedAt: Date.now(), status: result.status, queueId: result.queueId, explanation: result.explanation, recipients: result.recipients, timings: result.timings, transcript: result.transcript, sourceLabel: run.sourceLabel };
        } catch (error) {
          // A bug, not a send outcome: still close the record so it does not stay "running".
          process.stderr.write(`send: send ${id} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}\n`);
          const entry: TranscriptEntry = { t: 0, kind: 'error', text: 'Mailscope failed internally during this send.' };
          record = { ...liveRecord(run), finishedAt: Date.now(), status: 'failed', explanation: { code: null, enhanced: null, category: 'connection', title: 'Internal error', meaning: 'Mailscope failed during this send.', provider: null, fix: null, references: [] }, transcript: [...run.transcript, entry] };
        }
        try {
          history.finish(record);
        } catch (error) {
          process.stderr.write(`send: could not store send ${id}: ${(error as Error)?.message}\n`);
        }
        run.summary = summaryOf(record);
        running.delete(id);
        deps.emit({ type: 'send.finished', send: run.summary });
      })();
      return { sendId: id };
    },

    async cancelSend(request) {
      const id = intOption(request?.sendId, 'sendId', undefined, 1, Number.MAX_SAFE_INTEGER);
      const run = running.get(id);
      if (run) {
        run.controller.abort();
        await run.done;
        return run.summary;
      }
      const stored = history.get(id);
      if (!stored) throw notFound(`There is no send ${id}.`);
      return summaryOf(stored);
    },

    getSend: async (request) => getSend(request?.id),

    async listSends(request) {
      const offset = intOption(request?.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = intOption(request?.limit, 'limit', 100, 1, 1000);
      const page = history.list(offset, limit);
      return { total: page.total, items: page.items.map((item) => running.get(item.id)?.summary ?? item) };
    },

    async exportSendTranscript(request) {
      const record = getSend(request?.id);
      return { bytes: Buffer.from(transcriptText(record), 'utf8'), contentType: 'text/plain; charset=utf-8', filename: `send-${record.id}-transcript.txt` };
    },

    async listSendProfiles() {
      return Promise.all(history.listProfiles().map((p) => publicProfile(p)));
    },

    async saveSendProfile(request) {
      if (typeof request !== 'object' || request === null) throw badRequest('Send { name, target, secret }.');
      const name = typeof request.name === 'string' ? request.name.trim() : '';
      if (!name || name.length > 200) throw badRequest('"name" must be 1 to 200 characters.');
      const target = checkTarget(request.target);
      const id = request.id === undefined ? undefined : intOption(request.id, 'id', undefined, 1, Number.MAX_SAFE_INTEGER);
      const existing = id === undefined ? null : history.getProfile(id);
      if (id !== undefined && !existing) throw notFound(`There is no send profile ${id}.`);
      if (request.secret !== null && request.secret !== undefined && typeof request.secret !== 'string') throw badRequest('"secret" must be text or null.');
      // Save first (the secret store keys by profile id), then attach the secret.
      let saved = history.saveProfile({ ...(id !== undefined ? { id } : {}), name, target, secretStorage: existing?.secretStorage ?? 'none', secretBlob: existing?.secretBlob ?? null });
      let warning: string | undefined;
      if (typeof request.secret === 'string') {
        const kept = await secrets.save(saved.id, request.secret, { persist: request.persistSecret === true });
        warning = kept.warning;
        saved = history.saveProfile({ id: saved.id, name, target, secretStorage: kept.storage, secretBlob: kept.blob });
      }
      return publicProfile(saved, warning);
    },

    async deleteSendProfile(request) {
      const id = intOption(request?.id, 'id', undefined, 1, Number.MAX_SAFE_INTEGER);
      await secrets.remove(id);
      return { deleted: history.deleteProfile(id) };
    },

    async close() {
      closed = true;
      for (const run of running.values()) run.controller.abort();
      await Promise.allSettled([...running.values()].map((run) => run.done));
      history.close();
    },
  };
}

function summaryOf(record: SendRecord): SendSummary {
  const { transcript: _transcript, sourceLabel: _sourceLabel, ...summary } = record;
  return summary;
}

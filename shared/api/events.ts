/**
 * Events the core pushes over the one WebSocket. `type` is `noun.verb-past`.
 * The renderer maps them to store actions in exactly one place.
 */
import type { MessageSummary } from '../model/message';
import type { SmtpSessionSummary } from '../model/session';
import type { CaptureStatus } from '../model/settings';
import type { FaultSettings } from '../model/faults';
import type { ProbeCheck, ProbeDnsQuery, ProbeRunSummary } from '../model/probe';
import type { SendSummary } from '../model/send';
import type { TranscriptEntry } from '../model/session';

export type CoreEvent =
  /** A message was committed (SMTP or import). */
  | { type: 'message.captured'; message: MessageSummary }
  /** Messages were removed (deleted, cleared or pruned by retention). `all` when cleared. */
  | { type: 'messages.deleted'; ids: number[]; all: boolean }
  /** Read state changed. */
  | { type: 'messages.read-changed'; ids: number[]; read: boolean }
  /** The capture server started, stopped or failed. */
  | { type: 'capture.status-changed'; status: CaptureStatus }
  /** An SMTP session ended (its transcript is complete). */
  | { type: 'session.closed'; session: SmtpSessionSummary }
  /**
   * Another process changed the stored messages (`mailscope import` into the
   * data folder of a running host, say): what is shown should be read again.
   */
  | { type: 'messages.changed-elsewhere' }
  /** Progress of a long import. */
  | { type: 'import.progress'; source: string; done: number; total: number | null }
  /** A probe run started (the UI opens it). */
  | { type: 'probe.started'; run: ProbeRunSummary }
  /** A DNS query of a running probe finished (the live DNS transcript). */
  | { type: 'probe.dns'; runId: number; query: ProbeDnsQuery }
  /** A check of a running probe finished; `run` carries the new counts and progress. */
  | { type: 'probe.check-finished'; runId: number; check: ProbeCheck; run: ProbeRunSummary }
  /** A probe run finished, was cancelled or failed. */
  | { type: 'probe.finished'; run: ProbeRunSummary }
  /** Probe runs were deleted from the history (one run, or a domain's history cleared). */
  | { type: 'probe.deleted'; ids: number[] }
  /** A send started. */
  | { type: 'send.started'; send: SendSummary }
  /** A transcript line of a running send, as it happens. */
  | { type: 'send.step'; sendId: number; entry: TranscriptEntry }
  /** A send finished (delivered, deferred, rejected, failed). */
  | { type: 'send.finished'; send: SendSummary }
  /** Fault rules changed or a rule was applied (hit counters). */
  | { type: 'faults.changed'; faults: FaultSettings };

/** WebSocket messages from client to server. The first must be `auth`. */
export type ClientSocketMessage = { type: 'auth'; token: string };

/** WebSocket messages from server to client. */
export type ServerSocketMessage =
  | { type: 'ready' }
  | { type: 'event'; event: CoreEvent };

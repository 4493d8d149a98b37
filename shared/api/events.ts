/**
 * Events the core pushes over the one WebSocket. `type` is `noun.verb-past`.
 * The renderer maps them to store actions in exactly one place.
 */
import type { MessageSummary } from '../model/message';
import type { SmtpSessionSummary } from '../model/session';
import type { CaptureStatus } from '../model/settings';

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
  /** Progress of a long import. */
  | { type: 'import.progress'; source: string; done: number; total: number | null };

/** WebSocket messages from client to server. The first must be `auth`. */
export type ClientSocketMessage = { type: 'auth'; token: string };

/** WebSocket messages from server to client. */
export type ServerSocketMessage =
  | { type: 'ready' }
  | { type: 'event'; event: CoreEvent };

/**
 * The one description of renderer ↔ core. The HTTP server (electron/server)
 * loops over `routes` and calls the core's handler of the same name; the
 * renderer client (renderer/api) builds its methods from the same table.
 * Adding a method to `CoreApi` without a route, or a route without a handler,
 * fails to compile.
 */
import type { AnalysisReport, AnalyzeRequest } from '../model/analysis';
import type { MessageDetail, MessageSummary } from '../model/message';
import type { SmtpSession, SmtpSessionSummary } from '../model/session';
import type { CaptureSettings, CaptureStatus } from '../model/settings';
import type { FaultSettings } from '../model/faults';
import type { ProbeComparison, ProbeRequest, ProbeRun, ProbeRunSummary } from '../model/probe';
import type { SendProfile, SendRecord, SendRequest, SendSummary, SendTarget } from '../model/send';

/** Bytes travelling as the body of a request or response (not JSON). */
export interface Binary {
  /** The bytes. */
  bytes: Uint8Array;
  /** MIME type sent as Content-Type. */
  contentType: string;
  /** Suggested file name (Content-Disposition), if any. */
  filename?: string;
}

/** Host-level status shown in the app header. */
export interface HostStatus {
  /** App version from package.json. */
  version: string;
  /** Workspace directory holding the database and TLS certificate. */
  dataDir: string;
  /** Capture server state. */
  capture: CaptureStatus;
  /** Messages stored. */
  messageCount: number;
  /** Unread messages stored. */
  unreadCount: number;
  /**
   * Retention limit (the capture setting "keep at most"): once more are
   * stored, the oldest are deleted as new mail arrives.
   */
  maxMessages: number;
  /**
   * Messages stored but not yet fully indexed (captures are parsed in the
   * background right after their 250): until then their body text is not
   * searchable and their snippet and attachment count are unknown. Usually
   * 0; it grows only while mail arrives faster than it can be parsed.
   */
  indexPending: number;
}

/** A page of the message list. */
export interface MessagePage {
  /** Total matching messages (for the virtual list's height). */
  total: number;
  /** Offset of the first item. */
  offset: number;
  /** Rows, newest first. */
  items: MessageSummary[];
  /** Problems with the search query in plain words (unknown field, bad date); empty when fine. */
  queryErrors: string[];
}

/** Outcome of an import. */
export interface ImportResult {
  /** Messages stored. */
  imported: number;
  /** Ids of the stored messages. */
  ids: number[];
  /** Per-file or per-message problems; nothing is silently dropped. */
  errors: { source: string; error: string }[];
}

/** What a settings update returns: the saved settings and the new status. */
export interface SettingsResult {
  /** Settings as saved (passwords masked). */
  settings: CaptureSettings;
  /** Capture status after applying them (the server restarts when address/port/TLS change). */
  status: CaptureStatus;
}

/**
 * Every core operation: `request` is what the caller passes, `response` what
 * it gets. Binary request bodies use `body: Binary`.
 */
export interface CoreApi {
  getStatus: { request: Record<string, never>; response: HostStatus };
  getSettings: { request: Record<string, never>; response: CaptureSettings };
  updateSettings: { request: { settings: Partial<CaptureSettings> }; response: SettingsResult };
  startCapture: { request: Record<string, never>; response: CaptureStatus };
  stopCapture: { request: Record<string, never>; response: CaptureStatus };

  /** Page through messages, newest first, optionally filtered by a search query (see shared/search). */
  listMessages: { request: { query?: string; offset?: number; limit?: number }; response: MessagePage };
  getMessage: { request: { id: number }; response: MessageDetail };
  /** The exact stored bytes, as message/rfc822. */
  getRawMessage: { request: { id: number }; response: Binary };
  getAttachment: { request: { id: number; index: number }; response: Binary };
  markRead: { request: { ids: number[]; read: boolean }; response: { updated: number } };
  deleteMessages: { request: { ids: number[] }; response: { deleted: number } };
  clearMessages: { request: Record<string, never>; response: { deleted: number } };

  /** Upload an .eml or mbox file's bytes. `name` is the file name, used in errors. */
  importUpload: { request: { name: string; body: Binary }; response: ImportResult };
  /** Import files or Maildir folders by path (desktop file picker / CLI). */
  importPaths: { request: { paths: string[] }; response: ImportResult };
  /** Export messages as one mbox (format 'mbox') or, for one id, its .eml. */
  exportMessages: { request: { ids: number[]; format: 'mbox' | 'eml' }; response: Binary };

  listSessions: { request: { offset?: number; limit?: number }; response: { total: number; items: SmtpSessionSummary[] } };
  getSession: { request: { id: number }; response: SmtpSession };

  /** Analyze pasted headers/a message (`raw`) or a captured message (`id`): offline report plus live DNS re-checks unless `options.offline`. */
  analyzeMessage: { request: AnalyzeRequest; response: AnalysisReport };

  // Probes (electron/core/probes). A run streams `probe.*` events.
  /** Start a probe run; resolves at once with the run id (checks arrive as `probe.check-finished`). */
  startProbe: { request: ProbeRequest; response: { runId: number } };
  /** Cancel a running probe (checks in flight finish as "could not check"). */
  cancelProbe: { request: { runId: number }; response: ProbeRunSummary };
  /** A run with every check so far. */
  getProbeRun: { request: { id: number }; response: ProbeRun };
  /** Past runs, newest first, optionally of one domain. */
  listProbeRuns: { request: { domain?: string; offset?: number; limit?: number }; response: { total: number; items: ProbeRunSummary[] } };
  /** A run compared with the previous finished run of the same domain. */
  compareProbeRun: { request: { id: number }; response: ProbeComparison };
  /** A run as JSON or Markdown text. */
  exportProbeRun: { request: { id: number; format: 'json' | 'markdown' }; response: Binary };
  /** Delete one probe run from the history (a running run must be cancelled first: 409). Emits `probe.deleted`. */
  deleteProbeRun: { request: { id: number }; response: { deleted: number } };
  /**
   * Delete every run of `domain` from the history (runs still running are kept
   * and finish normally). `deleted` counts the runs removed. Emits `probe.deleted`.
   */
  clearProbeHistory: { request: { domain: string }; response: { deleted: number } };

  // Sends and replays (electron/core/send). A send streams `send.*` events.
  /** Start a send; resolves at once with its id (steps arrive as `send.step`). */
  sendMessage: { request: SendRequest; response: { sendId: number } };
  /** Cancel a running send. */
  cancelSend: { request: { sendId: number }; response: SendSummary };
  /** One send with its transcript. */
  getSend: { request: { id: number }; response: SendRecord };
  /** Send history, newest first. */
  listSends: { request: { offset?: number; limit?: number }; response: { total: number; items: SendSummary[] } };
  /** A send's transcript as plain text (secrets masked). */
  exportSendTranscript: { request: { id: number }; response: Binary };
  /** Saved targets. */
  listSendProfiles: { request: Record<string, never>; response: SendProfile[] };
  /**
   * Create (`id` absent) or update a profile. `secret`: a new password/token to
   * keep (null keeps the current one, "" removes it); `persistSecret` must be
   * true for headless mode to write it to disk.
   */
  saveSendProfile: { request: { id?: number; name: string; target: SendTarget; secret: string | null; persistSecret?: boolean }; response: SendProfile };
  deleteSendProfile: { request: { id: number }; response: { deleted: number } };

  // Fault injection on the capture server (electron/core/capture).
  getFaults: { request: Record<string, never>; response: FaultSettings };
  /** Replace the fault configuration (rules get ids; hit counters of unchanged rules are kept). */
  setFaults: { request: { faults: FaultSettings }; response: FaultSettings };
  /** Zero every rule's hit and "first N attempts" counters. */
  resetFaultCounters: { request: Record<string, never>; response: FaultSettings };
}

/** Name of a core operation. */
export type ApiMethod = keyof CoreApi;
/** Request type of an operation. */
export type ApiRequest<M extends ApiMethod> = CoreApi[M]['request'];
/** Response type of an operation. */
export type ApiResponse<M extends ApiMethod> = CoreApi[M]['response'];

/** How an operation travels over HTTP. */
export interface RouteSpec {
  /** HTTP method. GET/DELETE carry the request in path params and `?input=` JSON; POST/PUT in a JSON body. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with `:param` placeholders filled from request fields of the same name (numbers). */
  path: string;
  /** 'binary' when the request has a `body: Binary` sent raw (other fields go in `?input=`). */
  requestBody?: 'json' | 'binary';
  /** 'binary' when the response is a `Binary`. */
  responseBody?: 'json' | 'binary';
}

/** The route table. `satisfies` makes a missing route a compile error. */
export const routes = {
  getStatus: { method: 'GET', path: '/api/status' },
  getSettings: { method: 'GET', path: '/api/settings' },
  updateSettings: { method: 'PUT', path: '/api/settings' },
  startCapture: { method: 'POST', path: '/api/capture/start' },
  stopCapture: { method: 'POST', path: '/api/capture/stop' },
  listMessages: { method: 'GET', path: '/api/messages' },
  getMessage: { method: 'GET', path: '/api/messages/:id' },
  getRawMessage: { method: 'GET', path: '/api/messages/:id/raw', responseBody: 'binary' },
  getAttachment: { method: 'GET', path: '/api/messages/:id/attachments/:index', responseBody: 'binary' },
  markRead: { method: 'POST', path: '/api/messages/read' },
  deleteMessages: { method: 'POST', path: '/api/messages/delete' },
  clearMessages: { method: 'POST', path: '/api/messages/clear' },
  importUpload: { method: 'POST', path: '/api/import/upload', requestBody: 'binary' },
  importPaths: { method: 'POST', path: '/api/import/paths' },
  exportMessages: { method: 'POST', path: '/api/export', responseBody: 'binary' },
  listSessions: { method: 'GET', path: '/api/sessions' },
  getSession: { method: 'GET', path: '/api/sessions/:id' },
  analyzeMessage: { method: 'POST', path: '/api/analyze' },
  startProbe: { method: 'POST', path: '/api/probes' },
  cancelProbe: { method: 'POST', path: '/api/probes/:runId/cancel' },
  getProbeRun: { method: 'GET', path: '/api/probes/:id' },
  listProbeRuns: { method: 'GET', path: '/api/probes' },
  compareProbeRun: { method: 'GET', path: '/api/probes/:id/compare' },
  exportProbeRun: { method: 'GET', path: '/api/probes/:id/export', responseBody: 'binary' },
  deleteProbeRun: { method: 'DELETE', path: '/api/probes/:id' },
  clearProbeHistory: { method: 'POST', path: '/api/probes/clear' },
  sendMessage: { method: 'POST', path: '/api/sends' },
  cancelSend: { method: 'POST', path: '/api/sends/:sendId/cancel' },
  getSend: { method: 'GET', path: '/api/sends/:id' },
  listSends: { method: 'GET', path: '/api/sends' },
  exportSendTranscript: { method: 'GET', path: '/api/sends/:id/transcript', responseBody: 'binary' },
  listSendProfiles: { method: 'GET', path: '/api/send-profiles' },
  saveSendProfile: { method: 'POST', path: '/api/send-profiles' },
  deleteSendProfile: { method: 'DELETE', path: '/api/send-profiles/:id' },
  getFaults: { method: 'GET', path: '/api/faults' },
  setFaults: { method: 'PUT', path: '/api/faults' },
  resetFaultCounters: { method: 'POST', path: '/api/faults/reset' },
} as const satisfies { [M in ApiMethod]: RouteSpec };

/** The core side: one async handler per operation. */
export type CoreHandlers = { [M in ApiMethod]: (request: ApiRequest<M>) => Promise<ApiResponse<M>> };

/** Error body of every failed API call: `{ error: { message, code } }` with a real HTTP status. */
export interface ApiErrorBody {
  error: {
    /** Plain-language message for the user. */
    message: string;
    /** Stable machine code, e.g. "not_found", "bad_request", "unauthorized". */
    code: string;
  };
}

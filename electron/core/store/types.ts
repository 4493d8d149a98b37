/**
 * The store's contract, agreed between capture, import and the core
 * composition. Implementation: message-store.ts over node:sqlite (WAL, FTS5).
 * Every write is synchronous and committed when the call returns, so the
 * capture server can answer 250 right after `insertMessage` returns
 * (durable against a killed process; also against power loss once
 * `syncToDisk()` resolved).
 */
import type { Address, Envelope, MessageSource, MessageSummary } from '../../../shared/model/message';
import type { SmtpSession, SmtpSessionSummary, TranscriptEntry, TlsInfo } from '../../../shared/model/session';

/** What the capture server or an importer hands to the store. */
export interface NewMessage {
  /** The exact bytes received (DATA content without the final dot line, dot-unstuffed). */
  raw: Uint8Array;
  /** The SMTP envelope, or null for imports without one. */
  envelope: Envelope | null;
  /** Where it came from. */
  source: MessageSource;
  /** The delivering session, or null. */
  sessionId: number | null;
  /**
   * With `sessionId` null: the delivering connection's session row, created
   * in the same transaction (its first capture: no commit of its own before
   * the 250). The summary carries the new row's id.
   */
  newSession?: NewSession;
  /** Commit time (ms since epoch); defaults to now. */
  receivedAt?: number;
}

/**
 * What parsing a message yields for its summary row and full-text index.
 * Produced (async, by mailparser) by electron/core/mime `indexMessage(raw)`:
 * before the insert for imports, after it for SMTP captures (the background
 * indexer, electron/core/indexer, then calls `applyIndexes`).
 */
export interface MessageIndex {
  from: Address[];
  to: Address[];
  cc: Address[];
  subject: string;
  /** Date header in ms since epoch, or null. */
  date: number | null;
  messageId: string;
  attachmentCount: number;
  /** First ~200 characters of the text body, whitespace collapsed. */
  snippet: string;
  /** Text body (or text from HTML) for full-text search, capped (e.g. 64 KiB). */
  bodyText: string;
  /** Attachment file names, also searchable. */
  attachmentNames: string[];
}

/**
 * The summary fields the header block alone gives (electron/core/mime
 * `summarizeHeaders`): all the capture server parses before its 250.
 */
export type HeaderSummary = Pick<MessageIndex, 'from' | 'to' | 'cc' | 'subject' | 'date' | 'messageId'>;

/**
 * One message to insert. With its full `index` it is searchable at once
 * (imports). With only its `headers` it is stored as not yet indexed: no
 * snippet, no attachment count, no full-text row until `applyIndexes`
 * (SMTP captures, so the 250 waits for no MIME parsing).
 */
export type NewEntry =
  /** `textLater`: commit the complete summary without the full-text row; `writeFullText` adds it (full-text-batcher.ts). */
  | { message: NewMessage; index: MessageIndex; textLater?: boolean }
  | { message: NewMessage; headers: HeaderSummary };

/** The full-text row of one message, as `fullTextColumns` makes it. */
export interface FullTextRow {
  id: number;
  /** subject, sender, recipients, body, attachment names */
  columns: readonly [string, string, string, string, string];
}

/** A finished index for a stored message (see applyIndexes). */
export interface IndexedMessage {
  id: number;
  index: MessageIndex;
}

/** Session fields known when a connection opens. */
export interface NewSession {
  startedAt: number;
  clientAddress: string;
  clientPort: number;
  clientHostname: string;
}

/** Session fields updated as the conversation goes on and when it ends. */
export interface SessionUpdate {
  helo?: string;
  tls?: TlsInfo | null;
  authUser?: string;
  authMethod?: string;
  endedAt?: number | null;
  transcript?: TranscriptEntry[];
}

export interface MessageStore {
  /**
   * Commits always survive a killed process (WAL, synchronous=NORMAL); an OS
   * crash may lose the last ones unless they were flushed by `syncToDisk`.
   * This flag (the `fsyncEachCommit` capture setting, false when opened)
   * tells writers that promise durability — the capture server's group
   * committer — to await `syncToDisk()` after committing.
   */
  setFsyncEachCommit(on: boolean): void;
  readonly fsyncEachCommit: boolean;
  /**
   * Resolves once everything committed before the call is on disk (an
   * fdatasync of the WAL on libuv's thread pool; concurrent callers share one
   * flush). Rejects if the disk refuses.
   */
  syncToDisk(): Promise<void>;
  /**
   * SQLite checkpoints the WAL inside the commit that makes it longer than
   * this many pages (default 1 000; 0 never). Raised when another thread
   * checkpoints (background-checkpointer.ts), so the commit path only does it
   * as a safety net.
   */
  setCheckpointThreshold(pages: number): void;

  /** Insert raw + summary + FTS row in one committed transaction; returns the summary. */
  insertMessage(message: NewMessage, index: MessageIndex): MessageSummary;
  /**
   * Insert several messages in ONE committed transaction:
   * for imports and for group commit of concurrent SMTP deliveries
   * (see group-commit.ts). All or nothing.
   */
  insertMessages(batch: readonly NewEntry[]): MessageSummary[];
  /**
   * Up to `limit` messages stored without their full index (see NewEntry),
   * oldest first, with their raw size so a caller can bound what it loads.
   */
  unindexed(limit: number): { id: number; size: number }[];
  /** How many messages still wait for their full index or their full-text row. */
  unindexedCount(): number;
  /**
   * Write the full-text rows of messages committed with `textLater`, in one
   * transaction, and mark them indexed; messages deleted meanwhile (or
   * already done) are skipped. Returns the summaries (as stored now) of the
   * messages whose rows were written.
   */
  writeFullText(rows: readonly FullTextRow[]): MessageSummary[];
  /**
   * Messages committed with `textLater` whose rows were never written (the
   * process stopped first), oldest first, at most `limit`, with ids above
   * `after` (to walk on from the last one seen).
   */
  pendingText(limit: number, after?: number): { id: number; raw: Uint8Array; envelope: Envelope | null }[];
  /**
   * Hand a `textLater` message back to the background indexer (its bytes
   * are not the plain text the capture path took them for): marks it
   * unindexed.
   */
  reindex(id: number): void;
  /**
   * Store finished indexes (summary fields, snippet, attachment count,
   * full-text row) in one transaction, and mark them indexed. Messages
   * deleted meanwhile, or already indexed, are skipped. Never fsynced: the
   * index is derived from the raw bytes, and a message whose update is lost
   * in a power cut is simply still unindexed at the next start.
   * Returns the summaries of the messages updated.
   */
  applyIndexes(results: readonly IndexedMessage[]): MessageSummary[];
  /** Newest first, filtered by a search query (shared/search syntax). */
  listMessages(query: string, offset: number, limit: number): { total: number; items: MessageSummary[]; queryErrors: string[] };
  getSummary(id: number): MessageSummary | null;
  getRaw(id: number): Uint8Array | null;
  getEnvelope(id: number): Envelope | null;
  markRead(ids: number[], read: boolean): number;
  deleteMessages(ids: number[]): number;
  clearMessages(): number;
  /**
   * Delete the oldest messages beyond `max`; returns the deleted ids. When it
   * deletes, it deletes `headroom` more (down to `max - headroom`), so that
   * captures arriving at the limit share one deletion per `headroom + 1`.
   */
  prune(max: number, headroom?: number): number[];
  count(): { total: number; unread: number };
  /** Every message id, oldest first (for export). */
  allIds(): number[];

  createSession(session: NewSession): number;
  updateSession(id: number, update: SessionUpdate): void;
  /**
   * Add lines to a session's transcript without rewriting what is stored
   * (cheap for long sessions); `updateSession({ transcript })` replaces it whole.
   */
  appendTranscript(id: number, entries: TranscriptEntry[]): void;
  /**
   * Sessions a previous run left open (its process was killed mid-session)
   * deliver nothing more: their message ranges get their end, so listing
   * them does not walk every newer message. Call before the capture server
   * takes connections, never while another process captures into the same
   * database. Returns how many were ended.
   */
  endAbandonedSessions(): number;
  getSession(id: number): SmtpSession | null;
  listSessions(offset: number, limit: number): { total: number; items: SmtpSessionSummary[] };

  /** Key/value settings (JSON). */
  getSetting<T>(key: string): T | null;
  setSetting<T>(key: string, value: T): void;

  /**
   * SQLite's `data_version`: it changes when another connection commits to
   * the database (another process; checkpoints do not count), never for
   * this connection's own writes.
   */
  dataVersion(): number;

  close(): void;
}

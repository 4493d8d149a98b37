/**
 * The workspace database: captured messages (raw bytes + summary + full-text
 * index), SMTP sessions and settings, over node:sqlite.
 *
 * Durability: WAL, and every write runs in one `BEGIN IMMEDIATE` transaction
 * (summary, raw, FTS row and counters together), so a crash never leaves half
 * a message. Commits run with `synchronous=NORMAL`: once a call returns the
 * commit is in the WAL file (the OS page cache), so it survives the process
 * being killed; an OS crash or power cut may lose the last commits. With the
 * `fsyncEachCommit` capture setting, the capture server's group committer
 * also awaits `syncToDisk()` (an fdatasync of the WAL off the main thread,
 * wal-sync.ts) before its 250, so an acknowledged message survives those
 * too.
 *
 * All calls are synchronous; they are short by design (MIME parsing happens
 * outside: before an import's insert, or after a capture's in the background
 * indexer, electron/core/indexer), so the event loop is held for
 * milliseconds at most.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Envelope, MessageSummary } from '../../../shared/model/message';
import type { SmtpSession, SmtpSessionSummary, TranscriptEntry } from '../../../shared/model/session';
import { parseQuery } from '../../../shared/search/query';
import { envelopeOf, int, json, messagesOfSession, SESSION_COLUMNS, SUMMARY_COLUMNS, SUMMARY_COLUMNS_BARE, text, toSessionSummary, toSummary, type Row } from './rows';
import { migrate } from './schema';
import { buildSearchSql } from './search-sql';
import { WalSync } from './wal-sync';
import { fullTextColumns } from './full-text-row';
import type { FullTextRow, HeaderSummary, IndexedMessage, MessageIndex, MessageStore, NewEntry, NewMessage, NewSession, SessionUpdate } from './types';

/** `messages.indexed` of a message whose full-text row is still to be written (schema v4). */
const TEXT_PENDING = 2;
/** Messages (`m`) waiting for their full-text row: all above the mark (schema v7), found by rowid. */
const WAITING_FOR_TEXT = `m.id > (SELECT text_through FROM counters WHERE id = 1) AND m.indexed = ${TEXT_PENDING}`;
/**
 * The next message id: the counter, or the newest row + 1 when rows above it
 * are not folded into the counters yet (schema v9) or were written some other
 * way. Ids only grow.
 */
const NEXT_ID = '(SELECT max(next_message_id, (SELECT coalesce(max(id), 0) + 1 FROM messages)) FROM counters WHERE id = 1)';
/** The rows not folded into the counters yet (schema v9): how many, how many unread, and the next id past them. */
const UNFOLDED = `(SELECT count(*) AS n, coalesce(sum(read = 0), 0) AS unread, coalesce(max(id), 0) + 1 AS next
   FROM messages WHERE id >= (SELECT next_message_id FROM counters WHERE id = 1))`;
/** The newest message id given so far (ids only grow): where an ending session's message range ends (schema v8). */
const NEWEST_ID_GIVEN = `(${NEXT_ID} - 1)`;
/** Largest page listMessages/listSessions return. */
const MAX_PAGE = 5000;
/** How many distinct search statements stay prepared. */
const DYNAMIC_CACHE_SIZE = 64;

/** Open (creating and migrating if needed) the database at `dbPath`; ':memory:' for tests. */
export function openMessageStore(dbPath: string): MessageStore {
  let db: DatabaseSync;
  try {
    if (dbPath !== ':memory:') mkdirSync(path.dirname(dbPath), { recursive: true });
    // `timeout` is SQLite's busy_timeout: another process (e.g. `mailscope export`) may hold the lock briefly.
    db = new DatabaseSync(dbPath, { timeout: 5000 });
  } catch (error) {
    throw new Error(`Could not open the message database at ${dbPath}: ${describe(error)}`, { cause: error });
  }
  try {
    configure(db, dbPath);
    migrate(db, dbPath);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteMessageStore(db, dbPath);
}

function configure(db: DatabaseSync, dbPath: string): void {
  const mode = db.prepare('PRAGMA journal_mode = WAL').get()?.['journal_mode'];
  if (dbPath !== ':memory:' && mode !== 'wal') {
    throw new Error(`The message database at ${dbPath} cannot use write-ahead logging (journal mode stays "${String(mode)}").`);
  }
  db.exec(`
    PRAGMA synchronous = NORMAL;
    PRAGMA foreign_keys = OFF;
    PRAGMA cache_size = -16384;
    PRAGMA temp_store = MEMORY;
    PRAGMA journal_size_limit = 67108864;
  `);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Only safe integers reach SQL as ids; anything else cannot name a message. */
function idList(ids: readonly number[]): string {
  return JSON.stringify([...new Set(ids.filter((id) => Number.isSafeInteger(id)))]);
}

function countsOf(row: Row | undefined): { total: number; sessions: number } {
  return { total: int(row ?? {}, 'total'), sessions: int(row ?? {}, 'sessions') };
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

class SqliteMessageStore implements MessageStore {
  private readonly s: ReturnType<typeof prepareStatements>;
  private readonly dynamic = new Map<string, StatementSync>();
  private closed = false;
  fsyncEachCommit = false;
  private readonly wal: WalSync | null;
  /** The counters row as the last insert left it (used once, by the prune that follows). */
  private countsAfterInsert: { total: number; sessions: number } | null = null;

  constructor(
    private readonly db: DatabaseSync,
    dbPath: string,
  ) {
    this.s = prepareStatements(db);
    this.wal = dbPath === ':memory:' ? null : new WalSync(dbPath);
  }

  // ── transactions ─────────────────────────────────────────────────────────

  private tx<T>(fn: () => T): T {
    this.s.begin.run();
    try {
      const result = fn();
      this.s.commit.run();
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.s.rollback.run();
      this.countsAfterInsert = null;
      throw error;
    }
  }

  private statement(sql: string): StatementSync {
    let stmt = this.dynamic.get(sql);
    if (stmt) {
      // Refresh recency so the cache drops the least recently used first.
      this.dynamic.delete(sql);
    } else {
      stmt = this.db.prepare(sql);
      if (this.dynamic.size >= DYNAMIC_CACHE_SIZE) {
        const oldest = this.dynamic.keys().next().value;
        if (oldest !== undefined) this.dynamic.delete(oldest);
      }
    }
    this.dynamic.set(sql, stmt);
    return stmt;
  }

  setFsyncEachCommit(on: boolean): void {
    this.fsyncEachCommit = on;
  }

  syncToDisk(): Promise<void> {
    return this.wal ? this.wal.sync() : Promise.resolve();
  }

  setCheckpointThreshold(pages: number): void {
    this.db.exec(`PRAGMA wal_autocheckpoint = ${clampInt(pages, 0, 1_000_000)}`);
  }

  // ── messages ─────────────────────────────────────────────────────────────

  insertMessage(message: NewMessage, index: MessageIndex): MessageSummary {
    return this.insertMessages([{ message, index }])[0] as MessageSummary;
  }

  insertMessages(batch: readonly NewEntry[]): MessageSummary[] {
    if (batch.length === 0) return [];
    return this.tx(() => {
      const text: FullTextRow[] = [];
      const summaries = batch.map((entry) => this.insertRow(entry, text));
      this.insertFtsRows(text);
      return summaries;
    });
  }

  /**
   * Full-text rows go in after every other statement of their transaction.
   * FTS5 flushes the rows it holds in memory to a new index segment
   * whenever another statement of the transaction opens a savepoint (its
   * xSavepoint), so rows interleaved with the UPDATE … RETURNING or the
   * INSERTs into other tables made a segment per row, and automerge then
   * merged them again: writeFullText took 206–226 µs a row for batches of
   * 16 rows of 11 KB, and 100 µs with the rows together at the end.
   */
  private insertFtsRows(rows: readonly FullTextRow[]): void {
    for (const { id, columns } of rows) this.s.insertFts.run(id, ...columns);
  }

  /** Summary, raw and counters of one message, inside a transaction; its FTS row (when the index is complete) is added to `text`. */
  private insertRow(entry: NewEntry, text: FullTextRow[]): MessageSummary {
    const { message } = entry;
    const full: MessageIndex | null = 'index' in entry ? entry.index : null;
    // Complete summary, full-text row written later in a batch (full-text-batcher.ts).
    const textLater = 'index' in entry && entry.textLater === true;
    const fields: HeaderSummary = 'index' in entry ? entry.index : entry.headers;
    const attachmentCount = full?.attachmentCount ?? 0;
    const snippet = full?.snippet ?? '';
    const receivedAt = message.receivedAt ?? Date.now();
    const envelope: Envelope | null = message.envelope;
    const mailFrom = envelope?.mailFrom ?? '';
    const rcptTo = envelope?.rcptTo.map((r) => r.address) ?? [];
    const size = message.raw.byteLength;
    // A connection's first capture brings its session row (created here, before the id is taken: the row's first message is this one).
    const sessionId = message.sessionId ?? (message.newSession ? this.insertSessionRow(message.newSession) : null);

    // The id and the counts this commit leaves. A plain-text capture (the
    // commonest, on the 250's path) only reads them: its row stays out of
    // the counters until the next transaction that writes them folds it in
    // (schema v9; a page less per commit). Anything else folds first.
    let id: number;
    if (textLater) {
      const next = this.s.nextMessageId.get() ?? {};
      id = int(next, 'id');
      // At most this many messages once it is in (see nextMessageId): retention's quick check.
      this.countsAfterInsert = { total: int(next, 'total') + 1, sessions: int(next, 'sessions') };
    } else {
      this.s.foldCounts.run();
      const counts = this.s.takeMessageId.get();
      id = int(counts ?? {}, 'id');
      this.countsAfterInsert = countsOf(counts);
    }
    this.s.insertMessage.run(
      id,
      receivedAt,
      message.source,
      sessionId,
      envelope === null ? null : JSON.stringify(envelope),
      JSON.stringify(fields.from),
      JSON.stringify(fields.to),
      JSON.stringify(fields.cc),
      fields.subject,
      fields.date,
      fields.messageId,
      size,
      attachmentCount,
      snippet,
      full ? (textLater ? TEXT_PENDING : 1) : 0,
    );
    this.s.insertRaw.run(id, message.raw);
    // Writes nothing for an open session (the common case): see sessionTakesMessage.
    if (sessionId !== null) this.s.sessionTakesMessage.run(sessionId, id);
    if (full && !textLater) text.push({ id, columns: fullTextColumns(full, envelope) });

    return {
      id,
      receivedAt,
      source: message.source,
      sessionId,
      mailFrom,
      rcptTo,
      from: fields.from,
      to: fields.to,
      cc: fields.cc,
      subject: fields.subject,
      date: fields.date,
      messageId: fields.messageId,
      size,
      attachmentCount,
      read: false,
      snippet,
      tags: [],
    };
  }

  writeFullText(rows: readonly FullTextRow[]): MessageSummary[] {
    if (rows.length === 0) return [];
    return this.tx(() => {
      const written: MessageSummary[] = [];
      const text: FullTextRow[] = [];
      for (const entry of rows) {
        const row = this.s.textWaiting.get(entry.id);
        // Deleted (or pruned) since its commit, or written already: no row.
        if (!row) continue;
        text.push(entry);
        written.push(toSummary(row));
      }
      this.insertFtsRows(text); // after the other statements (see insertFtsRows)
      // The mark moves up over these rows when nothing older still waits
      // (the usual case: the batcher writes in commit order), so they need
      // no UPDATE of their own; any left above the mark are marked one by one.
      const ids = JSON.stringify(text.map((entry) => entry.id));
      this.s.foldCounts.run(); // the counters page is written here anyway
      this.s.advanceTextThroughPast.run(ids);
      this.s.markTextWritten.run(ids);
      return written;
    });
  }

  pendingText(limit: number, after = 0): { id: number; raw: Uint8Array; envelope: Envelope | null }[] {
    const out: { id: number; raw: Uint8Array; envelope: Envelope | null }[] = [];
    for (const row of this.s.pendingText.all(clampInt(after, 0, Number.MAX_SAFE_INTEGER), clampInt(limit, 0, MAX_PAGE))) {
      const raw = row['raw'];
      if (!(raw instanceof Uint8Array)) continue;
      out.push({ id: int(row, 'id'), raw, envelope: envelopeOf(row) });
    }
    return out;
  }

  reindex(id: number): void {
    this.tx(() => this.s.reindex.run(id));
  }

  unindexed(limit: number): { id: number; size: number }[] {
    return this.s.unindexed.all(clampInt(limit, 0, MAX_PAGE)).map((row) => ({ id: int(row, 'id'), size: int(row, 'size') }));
  }

  unindexedCount(): number {
    return int(this.s.unindexedCount.get() ?? {}, 'n') + int(this.s.pendingTextCount.get() ?? {}, 'n');
  }

  applyIndexes(results: readonly IndexedMessage[]): MessageSummary[] {
    if (results.length === 0) return [];
    return this.tx(() => {
      const updated: MessageSummary[] = [];
      const text: FullTextRow[] = [];
      for (const { id, index } of results) {
        const row = this.s.applyIndex.get(
          JSON.stringify(index.from),
          JSON.stringify(index.to),
          JSON.stringify(index.cc),
          index.subject,
          index.date,
          index.messageId,
          index.attachmentCount,
          index.snippet,
          id,
        );
        // Deleted (or pruned) since it was stored, or indexed already.
        if (!row) continue;
        text.push({ id, columns: fullTextColumns(index, envelopeOf(row)) });
        updated.push(toSummary(row));
      }
      this.insertFtsRows(text); // after the UPDATEs (see insertFtsRows)
      return updated;
    });
  }

  listMessages(query: string, offset: number, limit: number): { total: number; items: MessageSummary[]; queryErrors: string[] } {
    const parsed = parseQuery(query);
    const sql = buildSearchSql(parsed);
    const skip = clampInt(offset, 0, Number.MAX_SAFE_INTEGER);
    const take = clampInt(limit, 0, MAX_PAGE);
    try {
      let total: number;
      let rows: Row[];
      if (sql.empty) {
        total = this.count().total;
        rows = take === 0 ? [] : this.s.pageAll.all(take, skip);
      } else if (sql.ftsOnly !== null) {
        // Count and page inside the FTS index: its rowids are message ids, and
        // FTS rows are deleted in the same transactions as messages.
        total = int(this.s.ftsCount.get(sql.ftsOnly) ?? {}, 'n');
        rows = take === 0 ? [] : this.s.pageFts.all(sql.ftsOnly, take, skip);
      } else {
        if (sql.unreadOnly) total = this.count().unread;
        else if (sql.negativeOnly !== null) total = this.count().total - int(this.s.ftsCount.get(sql.negativeOnly) ?? {}, 'n');
        else total = int(this.statement(`SELECT count(*) AS n FROM messages m WHERE ${sql.where}`).get(...sql.params) ?? {}, 'n');
        rows =
          take === 0
            ? []
            : this.statement(`SELECT ${SUMMARY_COLUMNS} FROM messages m WHERE ${sql.where} ORDER BY m.id DESC LIMIT ? OFFSET ?`).all(
                ...sql.params,
                take,
                skip,
              );
      }
      return { total, items: rows.map(toSummary), queryErrors: parsed.errors };
    } catch (error) {
      // Every value is quoted before it reaches FTS5, so this is a bug, but the
      // inbox should say so rather than go blank.
      if (/fts5|MATCH/i.test(describe(error))) {
        return { total: 0, items: [], queryErrors: [...parsed.errors, `The search could not be run: ${describe(error)}`] };
      }
      throw error;
    }
  }

  getSummary(id: number): MessageSummary | null {
    const row = this.s.getSummary.get(id);
    return row ? toSummary(row) : null;
  }

  getRaw(id: number): Uint8Array | null {
    const raw = this.s.getRaw.get(id)?.['raw'];
    return raw instanceof Uint8Array ? raw : null;
  }

  getEnvelope(id: number): Envelope | null {
    const row = this.s.getEnvelope.get(id);
    if (!row) return null;
    return envelopeOf(row);
  }

  markRead(ids: number[], read: boolean): number {
    const list = idList(ids);
    return this.tx(() => {
      this.s.foldCounts.run();
      const changed = Number(this.s.markRead.run(read ? 1 : 0, list, read ? 1 : 0).changes);
      this.s.addCounts.run(0, read ? -changed : changed, 0);
      return changed;
    });
  }

  deleteMessages(ids: number[]): number {
    return this.tx(() => this.deleteIds(idList(ids)));
  }

  /** Delete the messages named in a JSON id array; inside a transaction. */
  private deleteIds(list: string): number {
    // Folded first: the counters then cover every row (and keep the next id above the newest, deleted or not).
    this.s.foldCounts.run();
    const stats = this.s.deleteStats.get(list) ?? {};
    const n = int(stats, 'n');
    if (n === 0) return 0;
    this.s.deleteFts.run(list);
    this.s.deleteRaw.run(list);
    this.s.deleteMessages.run(list);
    this.s.addCounts.run(-n, -int(stats, 'unread'), 0);
    return n;
  }

  clearMessages(): number {
    return this.tx(() => {
      this.s.foldCounts.run();
      const { total } = this.count();
      this.s.clearFts.run();
      this.s.clearRaw.run();
      this.s.clearMessages.run();
      this.s.resetMessageCounts.run();
      // Sessions are shown beside their messages; once the inbox is cleared the
      // finished ones only point at nothing. Sessions still open stay.
      this.dropTranscripts(this.s.deleteEndedSessions.all());
      return total;
    });
  }

  prune(max: number, headroom = 0): number[] {
    const keep = clampInt(max, 0, Number.MAX_SAFE_INTEGER);
    const spare = clampInt(headroom, 0, keep);
    // This runs after every capture commit, whose counts (exact, or for a
    // plain-text capture an upper bound: see nextMessageId) say whether
    // anything may be over the limit without a read transaction of its own;
    // when something may be, the counts are read again inside the pruning
    // transaction.
    const known = this.countsAfterInsert ?? countsOf(this.s.counts.get());
    this.countsAfterInsert = null;
    if (known.total <= keep && known.sessions <= keep) return [];
    return this.tx(() => {
      const { total } = this.count();
      let ids: number[] = [];
      if (total > keep) {
        ids = this.s.oldestIds.all(total - keep + spare).map((row) => int(row, 'id'));
        this.deleteIds(JSON.stringify(ids));
      }
      if (this.sessionCount() > keep) this.pruneSessions(keep);
      return ids;
    });
  }

  /** Drop the oldest finished sessions beyond `keep` that no longer deliver any stored message. */
  private pruneSessions(keep: number): void {
    const cutoff = this.s.sessionCutoff.get(keep);
    if (!cutoff) return;
    this.dropTranscripts(this.s.pruneSessions.all(int(cutoff, 'id')));
  }

  /** After sessions were deleted (rows from `… RETURNING id`): drop their transcripts, fix the count. */
  private dropTranscripts(deleted: Row[]): void {
    if (deleted.length === 0) return;
    this.s.deleteTranscripts.run(JSON.stringify(deleted.map((row) => int(row, 'id'))));
    this.s.foldCounts.run();
    this.s.addCounts.run(0, 0, -deleted.length);
  }

  count(): { total: number; unread: number } {
    const row = this.s.counts.get() ?? {};
    return { total: int(row, 'total'), unread: int(row, 'unread') };
  }

  private sessionCount(): number {
    return int(this.s.counts.get() ?? {}, 'sessions');
  }

  allIds(): number[] {
    const ids: number[] = [];
    for (const row of this.s.allIds.iterate()) ids.push(int(row, 'id'));
    return ids;
  }

  // ── sessions ─────────────────────────────────────────────────────────────

  createSession(session: NewSession): number {
    return this.tx(() => this.insertSessionRow(session));
  }

  /** A session row and its count, inside a transaction; its first_message_id is the next message id. */
  private insertSessionRow(session: NewSession): number {
    this.s.foldCounts.run(); // first_message_id is the next id
    const result = this.s.insertSession.run(session.startedAt, session.clientAddress, session.clientPort, session.clientHostname);
    this.s.addCounts.run(0, 0, 1);
    return Number(result.lastInsertRowid);
  }

  /** Update the given fields; an unknown id is ignored (the session may have been cleared). */
  updateSession(id: number, update: SessionUpdate): void {
    const sets: string[] = [];
    const params: SQLInputValue[] = [];
    const set = (column: string, value: SQLInputValue): void => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (update.helo !== undefined) set('helo', update.helo);
    if (update.tls !== undefined) set('tls', update.tls === null ? null : JSON.stringify(update.tls));
    if (update.authUser !== undefined) set('auth_user', update.authUser);
    if (update.authMethod !== undefined) set('auth_method', update.authMethod);
    if (update.endedAt !== undefined) {
      set('ended_at', update.endedAt);
      // An ended session delivers nothing more: its messages are the ones committed so far (schema v8).
      if (update.endedAt === null) sets.push('last_message_id = NULL');
      else sets.push(`last_message_id = ${NEWEST_ID_GIVEN}`);
    }
    const transcript = update.transcript;
    if (sets.length === 0 && transcript === undefined) return;
    this.tx(() => {
      if (sets.length > 0) this.statement(`UPDATE sessions SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
      if (transcript !== undefined && this.s.sessionExists.get(id)) {
        this.s.clearTranscript.run(id);
        this.s.appendTranscript.run(id, id, JSON.stringify(transcript));
      }
    });
  }

  appendTranscript(id: number, entries: TranscriptEntry[]): void {
    if (entries.length === 0) return;
    this.tx(() => {
      if (this.s.sessionExists.get(id)) this.s.appendTranscript.run(id, id, JSON.stringify(entries));
    });
  }

  endAbandonedSessions(): number {
    return this.tx(() => Number(this.s.endAbandonedSessions.run().changes));
  }

  getSession(id: number): SmtpSession | null {
    const row = this.s.getSession.get(id);
    if (!row) return null;
    const transcript: TranscriptEntry[] = [];
    for (const chunk of this.s.getTranscript.iterate(id)) {
      transcript.push(...json<TranscriptEntry[]>(text(chunk, 'entries'), []));
    }
    return { ...toSessionSummary(row), transcript };
  }

  listSessions(offset: number, limit: number): { total: number; items: SmtpSessionSummary[] } {
    const items = this.s.listSessions
      .all(clampInt(limit, 0, MAX_PAGE), clampInt(offset, 0, Number.MAX_SAFE_INTEGER))
      .map(toSessionSummary);
    return { total: this.sessionCount(), items };
  }

  // ── settings ─────────────────────────────────────────────────────────────

  getSetting<T>(key: string): T | null {
    const row = this.s.getSetting.get(key);
    return row ? json<T | null>(text(row, 'value'), null) : null;
  }

  setSetting<T>(key: string, value: T): void {
    this.s.setSetting.run(key, JSON.stringify(value) ?? 'null');
  }

  dataVersion(): number {
    return Number((this.statement('PRAGMA data_version').get() as { data_version: number | bigint }).data_version);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // A flush still running keeps its own handle on the file; closing ours is safe.
    void this.wal?.close();
    try {
      this.db.exec('PRAGMA optimize');
    } finally {
      this.db.close();
    }
  }
}

/** Every fixed statement, prepared once per connection. */
function prepareStatements(db: DatabaseSync) {
  const p = (sql: string): StatementSync => db.prepare(sql);
  const inList = 'IN (SELECT value FROM json_each(?))';
  return {
    begin: p('BEGIN IMMEDIATE'),
    commit: p('COMMIT'),
    rollback: p('ROLLBACK'),

    insertMessage: p(
      `INSERT INTO messages (id, received_at, source, session_id, envelope, from_json, to_json, cc_json, subject, date, message_id, size, attachment_count, snippet, indexed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // A new message's id and the counts its commit leaves (retention right after needs no read
    // transaction of its own). Ids never go back: the counter only goes up, and it also stays above
    // the largest id there is (a row written some other way — an older process on the same file —
    // must not make every later insert collide; the lookup reads the pages the insert writes anyway).
    // Run after foldCounts. A message that will not wait for its full-text row takes the full-text
    // mark along when the mark is right below it (schema v7; see advanceTextThroughPast).
    takeMessageId: p(
      `UPDATE counters SET
         text_through = CASE WHEN text_through = new.id - 1 THEN new.id ELSE text_through END,
         next_message_id = new.id + 1,
         total = total + 1, unread = unread + 1
       FROM (SELECT ${NEXT_ID} AS id) AS new
       WHERE counters.id = 1 RETURNING next_message_id - 1 AS id, total, sessions`,
    ),
    // A plain-text capture's id, read only (schema v9): rows from counters.next_message_id up are
    // not in the counters yet; the total counts them.
    // `total` is an upper bound (it counts every id in that range; some may have been deleted):
    // enough for retention's quick check, which counts exactly before it deletes anything.
    nextMessageId: p(`SELECT new.id, total + new.id - next_message_id AS total, sessions FROM counters, (SELECT ${NEXT_ID} AS id) AS new WHERE counters.id = 1`),
    // Count the rows above the counters' next id into the counters (a no-op write-free read when there
    // are none). Every statement that changes the counters runs after it.
    foldCounts: p(
      `UPDATE counters SET total = counters.total + t.n, unread = counters.unread + t.unread, next_message_id = t.next
       FROM ${UNFOLDED} AS t
       WHERE counters.id = 1 AND t.n > 0`,
    ),
    unindexed: p('SELECT id, size FROM messages INDEXED BY messages_unindexed WHERE indexed = 0 ORDER BY id LIMIT ?'),
    unindexedCount: p('SELECT count(*) AS n FROM messages INDEXED BY messages_unindexed WHERE indexed = 0'),
    applyIndex: p(
      `UPDATE messages SET from_json = ?, to_json = ?, cc_json = ?, subject = ?, date = ?, message_id = ?, attachment_count = ?, snippet = ?, indexed = 1
       WHERE id = ? AND indexed = 0
       RETURNING ${SUMMARY_COLUMNS_BARE}`,
    ),
    insertRaw: p('INSERT INTO message_raw (id, raw) VALUES (?, ?)'),
    // A row still waiting for its full-text row, with its summary as it is now (read since the commit, say), for the announcement.
    textWaiting: p(`SELECT ${SUMMARY_COLUMNS} FROM messages m WHERE m.id = ? AND ${WAITING_FOR_TEXT}`),
    // Rows just given their full-text row (a JSON id array) that the mark did not pass: marked written one by one.
    markTextWritten: p(
      `UPDATE messages SET indexed = 1
       WHERE id IN (SELECT value FROM json_each(?1)) AND indexed = ${TEXT_PENDING} AND id > (SELECT text_through FROM counters WHERE id = 1)`,
    ),
    // Rows waiting for their full-text row are all above counters.text_through (schema v7): a walk of the newest rows, no index.
    pendingText: p(
      `SELECT m.id, m.envelope, r.raw FROM messages m JOIN message_raw r ON r.id = m.id
       WHERE ${WAITING_FOR_TEXT} AND m.id > ? ORDER BY m.id LIMIT ?`,
    ),
    pendingTextCount: p(`SELECT count(*) AS n FROM messages m WHERE ${WAITING_FOR_TEXT}`),
    // Move the mark up to just below the oldest row still waiting, other than the rows just written
    // (a JSON id array), or to the newest row when none is; never down.
    advanceTextThroughPast: p(
      `UPDATE counters SET text_through = max(text_through, coalesce(
         (SELECT min(m.id) - 1 FROM messages m
           WHERE m.id > counters.text_through AND m.indexed = ${TEXT_PENDING} AND m.id NOT IN (SELECT value FROM json_each(?1))),
         (SELECT coalesce(max(m.id), 0) FROM messages m))) WHERE id = 1`,
    ),
    reindex: p(`UPDATE messages SET indexed = 0 WHERE id = ? AND indexed = ${TEXT_PENDING}`),
    insertFts: p('INSERT INTO messages_fts (rowid, subject, sender, recipients, body, attachments) VALUES (?, ?, ?, ?, ?, ?)'),
    // Returns the counts it leaves (an insert keeps them for the prune that follows; other callers just run it).
    addCounts: p('UPDATE counters SET total = total + ?, unread = unread + ?, sessions = sessions + ? WHERE id = 1 RETURNING total, sessions'),
    // The counters plus the rows not folded into them yet (schema v9).
    counts: p(
      `SELECT c.total + t.n AS total, c.unread + t.unread AS unread, c.sessions
       FROM counters c, ${UNFOLDED} AS t
       WHERE c.id = 1`,
    ),

    getSummary: p(`SELECT ${SUMMARY_COLUMNS} FROM messages m WHERE m.id = ?`),
    // Ids from the narrow index first, then the rows: OFFSET walks the small index, not the table.
    pageAll: p(
      `SELECT ${SUMMARY_COLUMNS} FROM messages m
       WHERE m.id IN (SELECT id FROM messages INDEXED BY messages_by_id ORDER BY id DESC LIMIT ? OFFSET ?)
       ORDER BY m.id DESC`,
    ),
    ftsCount: p('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?'),
    pageFts: p(
      `SELECT ${SUMMARY_COLUMNS}
       FROM (SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?) f
       JOIN messages m ON m.id = f.id
       ORDER BY m.id DESC`,
    ),
    getRaw: p('SELECT raw FROM message_raw WHERE id = ?'),
    getEnvelope: p('SELECT envelope FROM messages WHERE id = ?'),
    markRead: p(`UPDATE messages SET read = ? WHERE id ${inList} AND read != ?`),
    allIds: p('SELECT id FROM messages ORDER BY id'),
    oldestIds: p('SELECT id FROM messages ORDER BY id LIMIT ?'),

    deleteStats: p(`SELECT count(*) AS n, coalesce(sum(read = 0), 0) AS unread FROM messages WHERE id ${inList}`),
    deleteFts: p(`DELETE FROM messages_fts WHERE rowid IN (SELECT id FROM messages WHERE id ${inList})`),
    deleteRaw: p(`DELETE FROM message_raw WHERE id ${inList}`),
    deleteMessages: p(`DELETE FROM messages WHERE id ${inList}`),
    clearFts: p("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')"),
    clearRaw: p('DELETE FROM message_raw'),
    clearMessages: p('DELETE FROM messages'),
    resetMessageCounts: p('UPDATE counters SET total = 0, unread = 0 WHERE id = 1'),

    // Its messages will have ids from the next one on (ids only grow; schema v8).
    insertSession: p(
      `INSERT INTO sessions (started_at, client_address, client_port, client_hostname, first_message_id)
       VALUES (?, ?, ?, ?, (SELECT next_message_id FROM counters WHERE id = 1))`,
    ),
    // A message outside its session's id range widens it: one stored for a session that has already
    // ended (a store call made late), or for one that has no range yet. An open session with its
    // range set (every capture) matches nothing, so its commit writes no session page.
    sessionTakesMessage: p(
      `UPDATE sessions SET
         first_message_id = min(coalesce(first_message_id, ?2), ?2),
         last_message_id = CASE WHEN last_message_id < ?2 THEN ?2 ELSE last_message_id END
       WHERE id = ?1 AND (first_message_id IS NULL OR first_message_id > ?2 OR last_message_id < ?2)`,
    ),
    endAbandonedSessions: p(`UPDATE sessions SET last_message_id = ${NEWEST_ID_GIVEN} WHERE last_message_id IS NULL AND first_message_id IS NOT NULL`),
    sessionExists: p('SELECT 1 AS ok FROM sessions WHERE id = ?'),
    getSession: p(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`),
    listSessions: p(`SELECT ${SESSION_COLUMNS} FROM sessions s ORDER BY s.id DESC LIMIT ? OFFSET ?`),
    getTranscript: p('SELECT entries FROM session_transcript WHERE session_id = ? ORDER BY seq'),
    clearTranscript: p('DELETE FROM session_transcript WHERE session_id = ?'),
    appendTranscript: p(
      `INSERT INTO session_transcript (session_id, seq, entries)
       VALUES (?, (SELECT coalesce(max(seq) + 1, 0) FROM session_transcript WHERE session_id = ?), ?)`,
    ),
    deleteEndedSessions: p('DELETE FROM sessions WHERE ended_at IS NOT NULL RETURNING id'),
    sessionCutoff: p('SELECT id FROM sessions ORDER BY id DESC LIMIT 1 OFFSET ?'),
    pruneSessions: p(
      `DELETE FROM sessions WHERE id <= ? AND ended_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE ${messagesOfSession('sessions')})
       RETURNING id`,
    ),
    deleteTranscripts: p(`DELETE FROM session_transcript WHERE session_id ${inList}`),

    getSetting: p('SELECT value FROM settings WHERE key = ?'),
    setSetting: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  } satisfies Record<string, StatementSync>;
}

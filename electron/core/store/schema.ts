/**
 * The database schema, as an ordered list of migrations. `PRAGMA user_version`
 * records how many have run; each runs in its own transaction, so a crash in
 * the middle leaves the previous version intact. Never edit a shipped
 * migration: append a new one.
 *
 * Layout choices:
 * - `messages` holds only the summary columns, so paging the list never reads
 *   message bodies; the raw bytes live in `message_raw` (same id).
 * - `messages_fts` is a contentless FTS5 table (the text lives in the raw
 *   bytes already; storing it twice would double the database). With
 *   `contentless_delete=1` rows can still be deleted by rowid.
 * - `counters` keeps the message total/unread and the session count up to
 *   date in the same transactions as the writes, so neither the inbox badge
 *   nor retention needs a COUNT(*) over 100 000 rows.
 * - Session transcripts are JSON chunks in `session_transcript`, so appending
 *   a few lines never rewrites a long transcript.
 * - `messages.indexed` (v3) is 0 for a message stored with its header summary
 *   only (SMTP capture answers 250 before any MIME parsing); the background
 *   indexer fills snippet, attachment count and the FTS row and sets it to 1.
 *   A partial index finds the few 0 rows, also after a crash.
 * - `messages.indexed = 2` (v4): summary complete, full-text row not yet
 *   written. Plain-text captures are committed so and their rows are written
 *   in batches (full-text-batcher.ts); a partial index finds them after a
 *   crash.
 * - No index on unread messages (v5 drops v1's `messages_unread`): every new
 *   message is unread, so it cost a B-tree page in every capture's commit
 *   (~5 % of one-session throughput), while `is:unread` needs none — the
 *   counters give its total, and walking the newest rows finds a page of
 *   unread ones at once when most mail is unread, as captured mail is
 *   (100 000 messages: 0.5 ms; 3.9 ms at offset 49 900; 21 ms when only the
 *   50 oldest are unread, against 0.3 ms with the index).
 * - Message ids come from `counters.next_message_id` (v6), not AUTOINCREMENT:
 *   AUTOINCREMENT keeps its high-water mark in `sqlite_sequence` and wrote
 *   that page in every capture's commit, while the counters row is written
 *   there anyway. Ids are still never reused, also after deleting the
 *   newest messages or clearing all. v6 rebuilds `messages` without the
 *   keyword (SQLite cannot drop it in place), ids and rows unchanged.
 * - No index on rows waiting for their full-text row (v7 drops v4's
 *   `messages_text_pending`, a page in every capture's commit). Instead
 *   `counters.text_through` marks how far every row has its full-text row:
 *   each batch moves it up to just below the oldest row still waiting, so
 *   the waiting rows (the few captured since the last batch, or what a
 *   crash left) are found by walking the newest rows above it. A row at or
 *   below the mark has its full-text row whatever its `indexed` says: a
 *   batch the mark moves past leaves its rows at 2 rather than rewrite
 *   their pages (an UPDATE per row was ~2 % of the SMTP thread at one
 *   session); only rows it leaves above the mark are set to 1.
 * - No index from a session to its messages (v8 drops v1's
 *   `messages_session`, a page in every capture's commit). A session's
 *   messages are the rows of that `session_id` between its
 *   `first_message_id` (the next id when the session row is made; ids only
 *   grow) and its `last_message_id` (the newest id when it ends; NULL while
 *   it is open): a walk of a rowid range, which for a session is short
 *   unless many others delivered while it was open. A message stored for a
 *   session that has ended widens the range; sessions a killed process left
 *   open get their end when the capture server next starts.
 * - The counters row is not written by a plain-text capture's commit (v9;
 *   it was a page in every one). Such a capture reads its id (the larger of
 *   `counters.next_message_id` and the newest id + 1) and leaves the row as
 *   it is; rows from `next_message_id` up are not in `total`/`unread` yet.
 *   Readers add them (a rowid range, normally the few captures since the
 *   last full-text batch), and every statement that changes the counters
 *   first folds them in — the full-text batch, which writes the counters
 *   page anyway, in the usual case. Folding before a delete also keeps
 *   `next_message_id` above the newest id, so ids are still never reused.
 */
import type { DatabaseSync } from 'node:sqlite';

/** Migration n (0-based) brings the database from user_version n to n+1. */
export const MIGRATIONS: readonly ((db: DatabaseSync) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE messages (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at      INTEGER NOT NULL,
        source           TEXT    NOT NULL,
        session_id       INTEGER,
        envelope         TEXT,              -- JSON Envelope, NULL for imports without one
        from_json        TEXT    NOT NULL,  -- JSON Address[]
        to_json          TEXT    NOT NULL,
        cc_json          TEXT    NOT NULL,
        subject          TEXT    NOT NULL,
        date             INTEGER,
        message_id       TEXT    NOT NULL,
        size             INTEGER NOT NULL,
        attachment_count INTEGER NOT NULL,
        read             INTEGER NOT NULL DEFAULT 0,
        snippet          TEXT    NOT NULL,
        tags             TEXT    NOT NULL DEFAULT '[]'
      );
      CREATE INDEX messages_received_at ON messages(received_at);
      CREATE INDEX messages_session ON messages(session_id) WHERE session_id IS NOT NULL;
      CREATE INDEX messages_unread ON messages(id) WHERE read = 0;

      CREATE TABLE message_raw (
        id  INTEGER PRIMARY KEY,
        raw BLOB NOT NULL
      );

      CREATE VIRTUAL TABLE messages_fts USING fts5(
        subject, sender, recipients, body, attachments,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TABLE counters (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        total    INTEGER NOT NULL,           -- messages
        unread   INTEGER NOT NULL,           -- messages with read = 0
        sessions INTEGER NOT NULL            -- rows in sessions
      );
      INSERT INTO counters (id, total, unread, sessions) VALUES (1, 0, 0, 0);

      CREATE TABLE sessions (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at      INTEGER NOT NULL,
        ended_at        INTEGER,
        client_address  TEXT    NOT NULL,
        client_port     INTEGER NOT NULL,
        client_hostname TEXT    NOT NULL,
        helo            TEXT    NOT NULL DEFAULT '',
        tls             TEXT,               -- JSON TlsInfo or NULL
        auth_user       TEXT    NOT NULL DEFAULT '',
        auth_method     TEXT    NOT NULL DEFAULT ''
      );

      CREATE TABLE session_transcript (
        session_id INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        entries    TEXT    NOT NULL,        -- JSON TranscriptEntry[] (a chunk)
        UNIQUE (session_id, seq)
      );

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL                 -- JSON
      ) WITHOUT ROWID;
    `);
  },
  (db) => {
    // Paging deep into 100 000 rows by OFFSET walks whatever it scans; a
    // narrow index on id makes that walk ~50× cheaper than walking the table
    // (listMessages reads ids from it, then the summary rows by id). The
    // partial index makes has:attachment a seek instead of a table scan.
    db.exec(`
      CREATE INDEX messages_by_id ON messages(id);
      CREATE INDEX messages_with_attachments ON messages(id) WHERE attachment_count > 0;
    `);
  },
  (db) => {
    // Deferred indexing: rows from earlier versions were indexed on insert.
    db.exec(`
      ALTER TABLE messages ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX messages_unindexed ON messages(id) WHERE indexed = 0;
    `);
  },
  (db) => {
    // Full-text rows written in batches after the commit (full-text-batcher.ts): indexed = 2 until then.
    db.exec('CREATE INDEX messages_text_pending ON messages(id) WHERE indexed = 2;');
  },
  (db) => {
    // One page less in every capture's commit (see the header comment).
    db.exec('DROP INDEX IF EXISTS messages_unread;');
  },
  (db) => {
    // Ids from the counters row instead of AUTOINCREMENT (see the header comment).
    db.exec(`
      ALTER TABLE counters ADD COLUMN next_message_id INTEGER NOT NULL DEFAULT 1;
      UPDATE counters SET next_message_id = 1 + max(
        coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0),
        coalesce((SELECT max(id) FROM messages), 0));
      CREATE TABLE messages_v6 (
        id               INTEGER PRIMARY KEY,
        received_at      INTEGER NOT NULL,
        source           TEXT    NOT NULL,
        session_id       INTEGER,
        envelope         TEXT,
        from_json        TEXT    NOT NULL,
        to_json          TEXT    NOT NULL,
        cc_json          TEXT    NOT NULL,
        subject          TEXT    NOT NULL,
        date             INTEGER,
        message_id       TEXT    NOT NULL,
        size             INTEGER NOT NULL,
        attachment_count INTEGER NOT NULL,
        read             INTEGER NOT NULL DEFAULT 0,
        snippet          TEXT    NOT NULL,
        tags             TEXT    NOT NULL DEFAULT '[]',
        indexed          INTEGER NOT NULL DEFAULT 1
      );
      INSERT INTO messages_v6 (id, received_at, source, session_id, envelope, from_json, to_json, cc_json, subject, date, message_id, size, attachment_count, read, snippet, tags, indexed)
        SELECT id, received_at, source, session_id, envelope, from_json, to_json, cc_json, subject, date, message_id, size, attachment_count, read, snippet, tags, indexed
        FROM messages ORDER BY id;
      DROP TABLE messages;
      ALTER TABLE messages_v6 RENAME TO messages;
      CREATE INDEX messages_received_at ON messages(received_at);
      CREATE INDEX messages_session ON messages(session_id) WHERE session_id IS NOT NULL;
      CREATE INDEX messages_by_id ON messages(id);
      CREATE INDEX messages_with_attachments ON messages(id) WHERE attachment_count > 0;
      CREATE INDEX messages_unindexed ON messages(id) WHERE indexed = 0;
      CREATE INDEX messages_text_pending ON messages(id) WHERE indexed = 2;
      DELETE FROM sqlite_sequence WHERE name = 'messages';
    `);
  },
  (db) => {
    // Waiting full-text rows found above a mark instead of by an index (see the header comment).
    db.exec(`
      ALTER TABLE counters ADD COLUMN text_through INTEGER NOT NULL DEFAULT 0;
      UPDATE counters SET text_through = coalesce(
        (SELECT min(id) - 1 FROM messages WHERE indexed = 2),
        (SELECT coalesce(max(id), 0) FROM messages));
      DROP INDEX messages_text_pending;
    `);
  },
  (db) => {
    // A session's messages found by a rowid range instead of an index (see the header comment).
    db.exec(`
      ALTER TABLE sessions ADD COLUMN first_message_id INTEGER;
      ALTER TABLE sessions ADD COLUMN last_message_id INTEGER;
      UPDATE sessions SET
        first_message_id = (SELECT min(id) FROM messages WHERE session_id = sessions.id),
        last_message_id = (SELECT max(id) FROM messages WHERE session_id = sessions.id);
      DROP INDEX messages_session;
    `);
  },
  () => {
    // v9 changes what the counters row means, not the layout (see the header
    // comment): the counters are exact when this runs, and an older build
    // must not open the file afterwards (it would never fold the rows above
    // next_message_id into its totals), which the version number prevents.
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring the database up to SCHEMA_VERSION; refuse a newer one rather than guess. */
export function migrate(db: DatabaseSync, path: string): void {
  const row = db.prepare('PRAGMA user_version').get();
  const current = Number(row?.['user_version'] ?? 0);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `The message database at ${path} was written by a newer Mailscope (schema ${current}; this version knows up to ${SCHEMA_VERSION}). ` +
        'Update Mailscope or choose another data directory.',
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) break;
    db.exec('BEGIN IMMEDIATE');
    try {
      step(db);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}

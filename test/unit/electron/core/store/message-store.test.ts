import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openMessageStore } from '../../../../../electron/core/store/message-store';
import { SESSION_COLUMNS } from '../../../../../electron/core/store/rows';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../../electron/core/store/schema';
import type { FullTextRow } from '../../../../../electron/core/store/types';
import { makeEnvelope, makeIndex, makeMessage, tempStore, type TempStore } from './store-helpers';

let t: TempStore;

/** A database as an older version left it: the first `version` migrations, and that user_version. */
function databaseAt(dbPath: string, version: number): DatabaseSync {
  const db = new DatabaseSync(dbPath);
  for (const step of MIGRATIONS.slice(0, version)) step(db);
  db.exec(`PRAGMA user_version = ${version}`);
  return db;
}

afterEach(() => t?.dispose());

describe('messages', () => {
  it('keeps the raw bytes exactly and returns the summary it stored', () => {
    t = tempStore();
    // CRLF, a bare LF, 8-bit bytes and a NUL: none of it may be normalised.
    const raw = Uint8Array.from([...new TextEncoder().encode('Subject: x\r\n\r\nline\nmore\r\n'), 0xff, 0x00, 0xe9, 0x0d, 0x0a]);
    const envelope = makeEnvelope('', ['a@example.com', 'b@example.com']);
    envelope.mailFromParams = { BODY: '8BITMIME', SMTPUTF8: true };
    envelope.rcptTo[0]!.params = { NOTIFY: 'SUCCESS,FAILURE', ORCPT: 'rfc822;a@example.com' };
    const summary = t.store.insertMessage({ raw, envelope, source: 'smtp', sessionId: null, receivedAt: 1_700_000_000_000 }, makeIndex());

    expect(summary).toMatchObject({ receivedAt: 1_700_000_000_000, mailFrom: '', rcptTo: ['a@example.com', 'b@example.com'], size: raw.byteLength, read: false, tags: [] });
    expect(t.store.getSummary(summary.id)).toEqual(summary);
    expect(Buffer.from(t.store.getRaw(summary.id)!).equals(Buffer.from(raw))).toBe(true);
    expect(t.store.getEnvelope(summary.id)).toEqual(envelope);
    expect(t.store.getSummary(summary.id + 1)).toBeNull();
    expect(t.store.getRaw(summary.id + 1)).toBeNull();
  });

  it('stores imports without an envelope', () => {
    t = tempStore();
    const s = t.store.insertMessage(makeMessage('x', { envelope: null, source: 'import' }), makeIndex());
    expect(s).toMatchObject({ source: 'import', mailFrom: '', rcptTo: [], sessionId: null });
    expect(t.store.getEnvelope(s.id)).toBeNull();
  });

  it('lists newest first in pages, with totals from the counters', () => {
    t = tempStore();
    const ids = Array.from({ length: 25 }, (_, i) => t.store.insertMessage(makeMessage(`m${i}`), makeIndex({ subject: `n${i}` })).id);
    const page1 = t.store.listMessages('', 0, 10);
    expect(page1.total).toBe(25);
    expect(page1.items.map((m) => m.id)).toEqual(ids.slice(15).reverse());
    const page3 = t.store.listMessages('', 20, 10);
    expect(page3.items.map((m) => m.id)).toEqual(ids.slice(0, 5).reverse());
    expect(t.store.listMessages('', 0, 0)).toEqual({ total: 25, items: [], queryErrors: [] });
    expect(t.store.allIds()).toEqual(ids);
  });

  it('tracks read state and the unread counter', () => {
    t = tempStore();
    const [a, b, c] = [1, 2, 3].map((i) => t.store.insertMessage(makeMessage(`m${i}`), makeIndex()).id) as [number, number, number];
    expect(t.store.count()).toEqual({ total: 3, unread: 3 });
    expect(t.store.markRead([a, b, 999], true)).toBe(2);
    expect(t.store.markRead([a], true)).toBe(0); // already read: no double counting
    expect(t.store.count()).toEqual({ total: 3, unread: 1 });
    expect(t.store.getSummary(a)?.read).toBe(true);
    expect(t.store.listMessages('is:unread', 0, 10).items.map((m) => m.id)).toEqual([c]);
    expect(t.store.listMessages('is:unread', 0, 10).total).toBe(1);
    expect(t.store.markRead([b], false)).toBe(1);
    expect(t.store.count()).toEqual({ total: 3, unread: 2 });
  });

  it('deletes messages together with their raw bytes and full-text rows', () => {
    t = tempStore();
    const keep = t.store.insertMessage(makeMessage('a'), makeIndex({ subject: 'zebra keep' })).id;
    const gone = t.store.insertMessage(makeMessage('b'), makeIndex({ subject: 'zebra gone' })).id;
    t.store.markRead([keep], true);
    expect(t.store.deleteMessages([gone, gone, 12345])).toBe(1);
    expect(t.store.getSummary(gone)).toBeNull();
    expect(t.store.getRaw(gone)).toBeNull();
    expect(t.store.count()).toEqual({ total: 1, unread: 0 });
    expect(t.store.listMessages('zebra', 0, 10).items.map((m) => m.id)).toEqual([keep]);

    // Look in the FTS table itself: the row must be gone, not merely hidden by a join.
    const db = new DatabaseSync(t.dbPath);
    const rows = db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH '\"zebra\"'").all();
    const raws = db.prepare('SELECT id FROM message_raw').all();
    db.close();
    expect(rows.map((r) => r['rowid'])).toEqual([keep]);
    expect(raws.map((r) => r['id'])).toEqual([keep]);
  });

  it('clears everything, never reuses ids, and keeps sessions that are still open', () => {
    t = tempStore();
    const open = t.store.createSession({ startedAt: 1, clientAddress: '127.0.0.1', clientPort: 1, clientHostname: '' });
    const ended = t.store.createSession({ startedAt: 2, clientAddress: '127.0.0.1', clientPort: 2, clientHostname: '' });
    t.store.appendTranscript(ended, [{ t: 0, kind: 'info', text: 'connected' }]);
    t.store.updateSession(ended, { endedAt: 3 });
    const last = [1, 2, 3].map((i) => t.store.insertMessage(makeMessage(`m${i}`), makeIndex({ subject: 'quokka' })).id).pop()!;
    expect(t.store.clearMessages()).toBe(3);
    expect(t.store.count()).toEqual({ total: 0, unread: 0 });
    expect(t.store.listMessages('quokka', 0, 10).total).toBe(0);
    expect(t.store.listSessions(0, 10).items.map((s) => s.id)).toEqual([open]);
    expect(t.store.listSessions(0, 10).total).toBe(1);
    expect(t.store.getSession(ended)).toBeNull();
    const next = t.store.insertMessage(makeMessage('n'), makeIndex({ subject: 'quokka' })).id;
    expect(next).toBeGreaterThan(last);
    expect(t.store.listMessages('quokka', 0, 10).items.map((m) => m.id)).toEqual([next]);
  });

  it('prunes the oldest messages beyond the maximum and returns their ids', () => {
    t = tempStore();
    const ids = Array.from({ length: 10 }, (_, i) => t.store.insertMessage(makeMessage(`m${i}`), makeIndex()).id);
    t.store.markRead(ids.slice(0, 2), true);
    expect(t.store.prune(20)).toEqual([]);
    expect(t.store.prune(7)).toEqual(ids.slice(0, 3));
    expect(t.store.count()).toEqual({ total: 7, unread: 7 });
    expect(t.store.allIds()).toEqual(ids.slice(3));
    expect(t.store.prune(0)).toEqual(ids.slice(3));
    expect(t.store.count()).toEqual({ total: 0, unread: 0 });
  });

  it('prunes past the maximum by the headroom asked for, only once something is over it', () => {
    t = tempStore();
    const ids = Array.from({ length: 10 }, (_, i) => t.store.insertMessage(makeMessage(`m${i}`), makeIndex()).id);
    // At the limit nothing goes, whatever the headroom.
    expect(t.store.prune(10, 4)).toEqual([]);
    // One over: the one, and four more.
    t.store.insertMessage(makeMessage('m10'), makeIndex());
    expect(t.store.prune(10, 4)).toEqual(ids.slice(0, 5));
    expect(t.store.count().total).toBe(6);
    // A headroom beyond the limit empties the store, no further.
    expect(t.store.prune(3, 99)).toEqual([...ids.slice(5), expect.any(Number)]);
    expect(t.store.count().total).toBe(0);
  });

  it('prunes by the counts in the database, also when messages went away between an insert and its prune', () => {
    t = tempStore();
    const ids = Array.from({ length: 10 }, (_, i) => t.store.insertMessage(makeMessage(`m${i}`), makeIndex()).id);
    // The last insert saw 10 messages; three are deleted before retention runs.
    expect(t.store.deleteMessages(ids.slice(0, 3))).toBe(3);
    expect(t.store.prune(8)).toEqual([]);
    expect(t.store.allIds()).toEqual(ids.slice(3));
    // And a limit the insert's counts already exceed still prunes exactly.
    t.store.insertMessage(makeMessage('m10'), makeIndex());
    expect(t.store.prune(6)).toEqual(ids.slice(3, 5));
    expect(t.store.count().total).toBe(6);
  });

  it('counts plain-text captures without writing the counters row in their commit (v9), exactly, through reads, marks, deletes and sessions', () => {
    t = tempStore();
    const stored = (): { total: number; unread: number; next: number } => {
      const db = new DatabaseSync(t.dbPath);
      try {
        const row = db.prepare('SELECT total, unread, next_message_id FROM counters').get() ?? {};
        return { total: Number(row['total']), unread: Number(row['unread']), next: Number(row['next_message_id']) };
      } finally {
        db.close();
      }
    };
    const capture = (body: string): number =>
      t.store.insertMessages([{ message: makeMessage(`Subject: ${body}\r\n\r\n${body}\r\n`), index: makeIndex({ subject: body, bodyText: body }), textLater: true }])[0]!.id;
    const imported = t.store.insertMessage(makeMessage('imported'), makeIndex()).id;
    const before = stored();
    expect(before).toEqual({ total: 1, unread: 1, next: imported + 1 });

    // Three captures: the counters row is as it was, yet every count includes them.
    const [a, b, c] = [capture('alpha'), capture('bravo'), capture('charlie')];
    expect([a, b, c]).toEqual([imported + 1, imported + 2, imported + 3]);
    expect(stored()).toEqual(before);
    expect(t.store.count()).toEqual({ total: 4, unread: 4 });
    expect(t.store.listMessages('', 0, 10).total).toBe(4);
    expect(t.store.prune(3)).toEqual([imported]);
    expect(t.store.count()).toEqual({ total: 3, unread: 3 });

    // Marking one read folds them in first, so the unread count stays exact.
    const d = capture('delta');
    t.store.markRead([d], true);
    expect(stored()).toEqual({ total: 4, unread: 3, next: d + 1 });
    expect(t.store.count()).toEqual({ total: 4, unread: 3 });

    // Deleting the newest, still unfolded, capture never lets its id come back.
    const e = capture('echo');
    expect(t.store.deleteMessages([e])).toBe(1);
    expect(t.store.count()).toEqual({ total: 4, unread: 3 });
    expect(capture('foxtrot')).toBe(e + 1);

    // A session made after unfolded captures starts its range above them and, ended, ends at the newest.
    const f = e + 1;
    const session = t.store.createSession({ startedAt: 1, clientAddress: '127.0.0.1', clientPort: 1, clientHostname: '' });
    const g = t.store.insertMessages([{ message: makeMessage('Subject: golf\r\n\r\ngolf\r\n', { sessionId: session }), index: makeIndex({ bodyText: 'golf' }), textLater: true }])[0]!.id;
    t.store.updateSession(session, { endedAt: 2 });
    expect(t.store.getSession(session)?.messageIds).toEqual([g]);
    expect(g).toBe(f + 1);

    // The full-text batch writes the counters page anyway: it folds, and nothing is left above the next id.
    t.store.writeFullText([a, b, c, d, f, g].map((id) => ({ id, columns: ['', '', '', 'x', ''] })));
    expect(stored()).toEqual({ total: 6, unread: 5, next: g + 1 });
    expect(t.store.count()).toEqual({ total: 6, unread: 5 });
    // Clearing all keeps ids going up.
    capture('hotel');
    expect(t.store.clearMessages()).toBe(7);
    expect(t.store.count()).toEqual({ total: 0, unread: 0 });
    expect(capture('india')).toBeGreaterThan(g + 1);
  });

  it("creates a connection's session row inside its first capture's commit, the range starting at that capture", () => {
    t = tempStore();
    const before = t.store.insertMessages([{ message: makeMessage('Subject: a\r\n\r\na\r\n', { sessionId: null }), index: makeIndex(), textLater: true }])[0]!.id;
    const newSession = { startedAt: 3, clientAddress: '127.0.0.2', clientPort: 2, clientHostname: 'client.test' };
    const [first] = t.store.insertMessages([{ message: makeMessage('Subject: b\r\n\r\nb\r\n', { sessionId: null, newSession }), index: makeIndex(), textLater: true }]);
    const made = first!.sessionId;
    expect(made).toEqual(expect.any(Number));
    expect(first!.id).toBe(before + 1);
    expect(t.store.getSummary(first!.id)?.sessionId).toBe(made);
    const second = t.store.insertMessages([{ message: makeMessage('Subject: c\r\n\r\nc\r\n', { sessionId: made }), headers: makeIndex() }])[0]!.id;
    t.store.updateSession(made!, { endedAt: 4 });
    expect(t.store.getSession(made!)).toMatchObject({ clientAddress: '127.0.0.2', clientHostname: 'client.test', messageIds: [first!.id, second] });
    expect(t.store.listSessions(0, 10).total).toBe(1);
    expect(t.store.count().total).toBe(3);
    // Without newSession nothing is created.
    expect(t.store.insertMessages([{ message: makeMessage('Subject: d\r\n\r\nd\r\n', { sessionId: null }), index: makeIndex() }])[0]!.sessionId).toBeNull();
    expect(t.store.listSessions(0, 10).total).toBe(1);
  });

  it('prunes finished sessions that no longer deliver any stored message', () => {
    t = tempStore();
    const sessions = Array.from({ length: 5 }, (_, i) => {
      const id = t.store.createSession({ startedAt: i, clientAddress: '127.0.0.1', clientPort: 1000 + i, clientHostname: '' });
      t.store.updateSession(id, { endedAt: i + 1, transcript: [{ t: 0, kind: 'info', text: `s${i}` }] });
      return id;
    });
    // The oldest session still delivers a stored message: it must survive.
    t.store.insertMessage(makeMessage('x', { sessionId: sessions[0]! }), makeIndex());
    t.store.prune(2);
    const left = t.store.listSessions(0, 10);
    expect(left.items.map((s) => s.id)).toEqual([sessions[4], sessions[3], sessions[0]]);
    expect(left.total).toBe(3);
    expect(t.store.getSession(sessions[4]!)?.transcript).toEqual([{ t: 0, kind: 'info', text: 's4' }]);
  });
});

describe('sessions', () => {
  it('records a session, its transcript and the messages it delivered', () => {
    t = tempStore();
    const id = t.store.createSession({ startedAt: 1000, clientAddress: '127.0.0.1', clientPort: 40000, clientHostname: '' });
    t.store.updateSession(id, { helo: 'client.test', tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', implicit: false } });
    t.store.appendTranscript(id, [{ t: 0, kind: 'server', text: '220 ready' }]);
    t.store.appendTranscript(id, [{ t: 1, kind: 'client', text: 'EHLO client.test' }, { t: 2, kind: 'server', text: '250 ok' }]);
    t.store.updateSession(id, { authUser: 'qa', authMethod: 'PLAIN' });
    const m1 = t.store.insertMessage(makeMessage('a', { sessionId: id }), makeIndex()).id;
    const m2 = t.store.insertMessage(makeMessage('b', { sessionId: id }), makeIndex()).id;
    t.store.insertMessage(makeMessage('c'), makeIndex());
    t.store.updateSession(id, { endedAt: 2000 });

    const session = t.store.getSession(id);
    expect(session).toEqual({
      id,
      startedAt: 1000,
      endedAt: 2000,
      clientAddress: '127.0.0.1',
      clientPort: 40000,
      clientHostname: '',
      helo: 'client.test',
      tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', implicit: false },
      authUser: 'qa',
      authMethod: 'PLAIN',
      messageIds: [m1, m2],
      transcript: [
        { t: 0, kind: 'server', text: '220 ready' },
        { t: 1, kind: 'client', text: 'EHLO client.test' },
        { t: 2, kind: 'server', text: '250 ok' },
      ],
    });
    // A full transcript replaces what was appended.
    t.store.updateSession(id, { transcript: [{ t: 5, kind: 'info', text: 'closed' }], tls: null });
    expect(t.store.getSession(id)).toMatchObject({ tls: null, transcript: [{ t: 5, kind: 'info', text: 'closed' }] });
    expect(t.store.getSession(id + 1)).toBeNull();
    expect(() => t.store.updateSession(id + 1, { helo: 'x', transcript: [] })).not.toThrow();
  });

  it("finds each session's messages among interleaved sessions by its id range, without an index", () => {
    t = tempStore();
    const session = (port: number): number => t.store.createSession({ startedAt: port, clientAddress: '127.0.0.1', clientPort: port, clientHostname: '' });
    const deliver = (sessionId: number | null): number => t.store.insertMessage(makeMessage(`m ${sessionId}`, { sessionId }), makeIndex()).id;
    const before = deliver(null);
    const a = session(1);
    const a1 = deliver(a);
    const b = session(2);
    const b1 = deliver(b);
    const a2 = deliver(a);
    deliver(null);
    t.store.updateSession(a, { endedAt: 10 });
    const b2 = deliver(b);
    const c = session(3);
    expect(t.store.getSession(a)?.messageIds).toEqual([a1, a2]);
    expect(t.store.getSession(b)?.messageIds).toEqual([b1, b2]);
    expect(t.store.getSession(c)?.messageIds).toEqual([]);
    expect(before).toBeLessThan(a1);

    // A message stored for a session after it ended (a late store call) widens its range instead of going missing.
    const late = deliver(a);
    expect(t.store.getSession(a)?.messageIds).toEqual([a1, a2, late]);
    // Ending a session takes its range up to the newest id, however many others delivered meanwhile.
    const b3 = deliver(b);
    t.store.updateSession(b, { endedAt: 20 });
    expect(t.store.listSessions(0, 10).items.map((s) => [s.id, s.messageIds])).toEqual([
      [c, []],
      [b, [b1, b2, b3]],
      [a, [a1, a2, late]],
    ]);
    // Deleting messages takes them out of their session's list.
    t.store.deleteMessages([a1, b3]);
    expect(t.store.getSession(a)?.messageIds).toEqual([a2, late]);
    expect(t.store.getSession(b)?.messageIds).toEqual([b1, b2]);

    // The lookups walk a rowid range of messages (schema v8 dropped the session index).
    const db = new DatabaseSync(t.dbPath);
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_session'").get()).toBeUndefined();
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`).all(a).map((r) => String(r['detail']));
      expect(plan.some((step) => /SEARCH m USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/.test(step)), plan.join('\n')).toBe(true);
      expect(plan.some((step) => /SCAN m\b/.test(step)), plan.join('\n')).toBe(false);
    } finally {
      db.close();
    }
  });

  it('ends the ranges of sessions a killed process left open, and no others', () => {
    t = tempStore();
    const open = t.store.createSession({ startedAt: 1, clientAddress: '127.0.0.1', clientPort: 1, clientHostname: '' });
    const m1 = t.store.insertMessage(makeMessage('x', { sessionId: open }), makeIndex()).id;
    const ended = t.store.createSession({ startedAt: 2, clientAddress: '127.0.0.1', clientPort: 2, clientHostname: '' });
    t.store.updateSession(ended, { endedAt: 3 });
    t.store.insertMessage(makeMessage('y'), makeIndex());
    expect(t.store.endAbandonedSessions()).toBe(1);
    expect(t.store.endAbandonedSessions()).toBe(0);
    const db = new DatabaseSync(t.dbPath);
    try {
      const range = (id: number) => db.prepare('SELECT first_message_id AS first, last_message_id AS last FROM sessions WHERE id = ?').get(id);
      // Its range now ends at the newest id given; the session itself is not marked ended (nobody knows when it did).
      expect(range(open)).toEqual({ first: m1, last: m1 + 1 });
      expect(range(ended)).toEqual({ first: m1 + 1, last: m1 });
    } finally {
      db.close();
    }
    expect(t.store.getSession(open)).toMatchObject({ endedAt: null, messageIds: [m1] });
    expect(t.store.getSession(ended)?.messageIds).toEqual([]);
  });

  it('lists sessions newest first without transcripts', () => {
    t = tempStore();
    const ids = [1, 2, 3].map((i) => t.store.createSession({ startedAt: i, clientAddress: '::1', clientPort: i, clientHostname: 'h' }));
    const page = t.store.listSessions(0, 2);
    expect(page.total).toBe(3);
    expect(page.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect(page.items[0]).not.toHaveProperty('transcript');
    expect(page.items[0]).toMatchObject({ messageIds: [], endedAt: null, tls: null, helo: '' });
  });
});

describe('settings and the database file', () => {
  it('round-trips settings as JSON', () => {
    t = tempStore();
    expect(t.store.getSetting('capture')).toBeNull();
    t.store.setSetting('capture', { port: 2525, users: [{ username: 'u' }] });
    t.store.setSetting('capture', { port: 2526 });
    expect(t.store.getSetting<{ port: number }>('capture')).toEqual({ port: 2526 });
  });

  it('survives a reopen, uses WAL and records its schema version', () => {
    t = tempStore();
    const id = t.store.insertMessage(makeMessage('persist me'), makeIndex({ subject: 'persisted' })).id;
    t.store.close();
    const reopened = openMessageStore(t.dbPath);
    try {
      expect(new TextDecoder().decode(reopened.getRaw(id)!)).toBe('persist me');
      expect(reopened.listMessages('persisted', 0, 10).total).toBe(1);
      expect(reopened.count()).toEqual({ total: 1, unread: 1 });
    } finally {
      reopened.close();
    }
    const db = new DatabaseSync(t.dbPath);
    expect(db.prepare('PRAGMA journal_mode').get()?.['journal_mode']).toBe('wal');
    expect(db.prepare('PRAGMA user_version').get()?.['user_version']).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('migrates a database written by an older version', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
    try {
      const dbPath = path.join(dir, 'old.db');
      databaseAt(dbPath, 1).close();
      const store = openMessageStore(dbPath);
      const id = store.insertMessage(makeMessage('after migration'), makeIndex({ attachmentCount: 1 })).id;
      expect(store.listMessages('has:attachment', 0, 10).items.map((m) => m.id)).toEqual([id]);
      store.close();
      const check = new DatabaseSync(dbPath);
      expect(check.prepare('PRAGMA user_version').get()?.['user_version']).toBe(SCHEMA_VERSION);
      expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_by_id'").get()).toBeDefined();
      // v5 dropped the unread index v1 made: a capture's commit no longer touches it.
      expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_unread'").get()).toBeUndefined();
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes ids from the counters since v6: rows, ids and search survive the rebuild, and no id is ever reused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
    try {
      const dbPath = path.join(dir, 'v5.db');
      // A v5 database with three messages, the newest then deleted: AUTOINCREMENT remembers id 3.
      const old = databaseAt(dbPath, 5);
      const insert = old.prepare(
        `INSERT INTO messages (received_at, source, session_id, envelope, from_json, to_json, cc_json, subject, date, message_id, size, attachment_count, snippet, read)
         VALUES (?, 'import', NULL, NULL, '[]', '[]', '[]', ?, NULL, '', 3, 0, '', ?)`,
      );
      for (const [i, subject] of ['wombat', 'numbat', 'quoll'].entries()) {
        const id = Number(insert.run(1000 + i, subject, i === 0 ? 1 : 0).lastInsertRowid);
        old.prepare('INSERT INTO message_raw (id, raw) VALUES (?, ?)').run(id, Buffer.from(`raw ${subject}`));
        old.prepare('INSERT INTO messages_fts (rowid, subject, sender, recipients, body, attachments) VALUES (?, ?, ?, ?, ?, ?)').run(id, subject, '', '', '', '');
      }
      old.exec("DELETE FROM messages_fts WHERE rowid = 3; DELETE FROM message_raw WHERE id = 3; DELETE FROM messages WHERE id = 3; UPDATE counters SET total = 2, unread = 1");
      old.close();

      const store = openMessageStore(dbPath);
      expect(store.listMessages('', 0, 10).items.map((m) => [m.id, m.subject, m.read])).toEqual([
        [2, 'numbat', false],
        [1, 'wombat', true],
      ]);
      expect(store.listMessages('numbat', 0, 10).items.map((m) => m.id)).toEqual([2]);
      expect(new TextDecoder().decode(store.getRaw(1)!)).toBe('raw wombat');
      expect(store.count()).toEqual({ total: 2, unread: 1 });
      // Not 3: that id belonged to a deleted message.
      const next = store.insertMessage(makeMessage('after'), makeIndex({ subject: 'dunnart' })).id;
      expect(next).toBe(4);
      expect(store.count()).toEqual({ total: 3, unread: 2 });
      // Deleting the newest does not hand its id out again either.
      store.deleteMessages([next]);
      expect(store.insertMessage(makeMessage('again'), makeIndex()).id).toBe(5);
      expect(store.listMessages('dunnart', 0, 10).total).toBe(0);
      store.close();

      const check = new DatabaseSync(dbPath);
      const sql = String(check.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages'").get()?.['sql']);
      expect(sql).not.toMatch(/AUTOINCREMENT/i);
      expect(check.prepare("SELECT name FROM sqlite_sequence WHERE name = 'messages'").get()).toBeUndefined();
      const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name").all().map((r) => r['name']);
      expect(indexes).toEqual(['messages_by_id', 'messages_received_at', 'messages_unindexed', 'messages_with_attachments']);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds a session's messages by its id range since v8: ranges filled from the old index, which is gone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
    try {
      const dbPath = path.join(dir, 'v7.db');
      // A v7 database: sessions 1 (ended) and 2 (left open by a crash) delivered interleaved; 3 delivered nothing.
      const old = databaseAt(dbPath, 7);
      for (const id of [1, 2, 3]) {
        old.prepare("INSERT INTO sessions (id, started_at, ended_at, client_address, client_port, client_hostname) VALUES (?, ?, ?, '127.0.0.1', ?, '')").run(id, id, id === 2 ? null : 9, id);
      }
      const insert = old.prepare(
        `INSERT INTO messages (id, received_at, source, session_id, envelope, from_json, to_json, cc_json, subject, date, message_id, size, attachment_count, snippet)
         VALUES (?, 1, 'smtp', ?, NULL, '[]', '[]', '[]', 's', NULL, '', 1, 0, '')`,
      );
      for (const [id, session] of [[1, 1], [2, 2], [3, null], [4, 1], [5, 2]] as const) {
        insert.run(id, session);
        old.prepare('INSERT INTO message_raw (id, raw) VALUES (?, ?)').run(id, Buffer.from('x'));
      }
      old.exec('UPDATE counters SET total = 5, unread = 5, sessions = 3, next_message_id = 6, text_through = 5');
      old.close();

      const store = openMessageStore(dbPath);
      expect(store.listSessions(0, 10).items.map((s) => [s.id, s.messageIds])).toEqual([
        [3, []],
        [2, [2, 5]],
        [1, [1, 4]],
      ]);
      // A new session after the upgrade gets its range from the counters.
      const fresh = store.createSession({ startedAt: 10, clientAddress: '127.0.0.1', clientPort: 10, clientHostname: '' });
      const m = store.insertMessage(makeMessage('new', { sessionId: fresh }), makeIndex()).id;
      expect(store.getSession(fresh)?.messageIds).toEqual([m]);
      store.close();

      const check = new DatabaseSync(dbPath);
      expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_session'").get()).toBeUndefined();
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds rows waiting for their full-text row above a mark since v7, without an index', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
    try {
      const dbPath = path.join(dir, 'v6.db');
      // A v6 database: ids 1–2 complete, 3 and 5 waiting for their full-text row (a crash), 4 complete.
      const old = databaseAt(dbPath, 6);
      const insert = old.prepare(
        `INSERT INTO messages (id, received_at, source, session_id, envelope, from_json, to_json, cc_json, subject, date, message_id, size, attachment_count, snippet, indexed)
         VALUES (?, 1, 'smtp', NULL, NULL, '[]', '[]', '[]', ?, NULL, '', 3, 0, '', ?)`,
      );
      for (const [id, indexed] of [[1, 1], [2, 1], [3, 2], [4, 1], [5, 2]] as const) {
        insert.run(id, `m${id}`, indexed);
        old.prepare('INSERT INTO message_raw (id, raw) VALUES (?, ?)').run(id, Buffer.from(`Subject: m${id}\r\n\r\nbody${id}\r\n`));
      }
      old.exec('UPDATE counters SET total = 5, unread = 5, next_message_id = 6');
      old.close();

      const store = openMessageStore(dbPath);
      expect(store.unindexedCount()).toBe(2);
      expect(store.pendingText(10).map((m) => m.id)).toEqual([3, 5]);
      // Writing the oldest waiting row moves the mark up to just below the next one.
      expect(store.writeFullText([{ id: 3, columns: ['m3', '', '', 'body3', ''] }]).map((m) => m.id)).toEqual([3]);
      expect(store.pendingText(10).map((m) => m.id)).toEqual([5]);
      // A capture committed meanwhile waits above the mark too.
      const [later] = store.insertMessages([{ message: makeMessage('Subject: later\r\n\r\nlater body\r\n'), index: makeIndex({ subject: 'later', bodyText: 'later body' }), textLater: true }]);
      expect(store.pendingText(10).map((m) => m.id)).toEqual([5, later!.id]);
      expect(store.writeFullText([{ id: 5, columns: ['m5', '', '', 'body5', ''] }, { id: later!.id, columns: ['later', '', '', 'later body', ''] }])).toHaveLength(2);
      expect(store.pendingText(10)).toEqual([]);
      expect(store.unindexedCount()).toBe(0);
      expect(store.listMessages('body5', 0, 10).items.map((m) => m.id)).toEqual([5]);
      store.close();

      const check = new DatabaseSync(dbPath);
      expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_text_pending'").get()).toBeUndefined();
      expect(check.prepare('SELECT text_through FROM counters').get()?.['text_through']).toBe(later!.id);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes full-text rows out of order without losing or repeating one: the mark passes rows it covers, the rest are marked', () => {
    t = tempStore();
    const db = (): DatabaseSync => new DatabaseSync(t.dbPath);
    const state = (): { mark: number; indexed: Record<number, number> } => {
      const check = db();
      try {
        const mark = Number(check.prepare('SELECT text_through FROM counters').get()?.['text_through']);
        const indexed = Object.fromEntries(check.prepare('SELECT id, indexed FROM messages').all().map((r) => [Number(r['id']), Number(r['indexed'])]));
        return { mark, indexed };
      } finally {
        check.close();
      }
    };
    const waiting = (body: string): number =>
      t.store.insertMessages([{ message: makeMessage(`Subject: ${body}\r\n\r\n${body}\r\n`), index: makeIndex({ subject: body, bodyText: body }), textLater: true }])[0]!.id;
    const row = (id: number, body: string): FullTextRow => ({ id, columns: [body, '', '', body, ''] });
    const [a, b, c] = [waiting('alpha'), waiting('bravo'), waiting('charlie')];
    const before = state().mark;
    expect(before).toBe(a - 1);

    // b first, while a still waits: the mark cannot pass a, so b is marked on its own row.
    expect(t.store.writeFullText([row(b, 'bravo')]).map((m) => m.id)).toEqual([b]);
    expect(state()).toEqual({ mark: a - 1, indexed: { [a]: 2, [b]: 1, [c]: 2 } });
    expect(t.store.pendingText(10).map((m) => m.id)).toEqual([a, c]);
    // Written already: a second write of b adds nothing (no second full-text row).
    expect(t.store.writeFullText([row(b, 'bravo')])).toEqual([]);

    // a and c together: nothing older waits, so the mark moves past all three and their rows are not rewritten.
    expect(t.store.writeFullText([row(c, 'charlie'), row(a, 'alpha')]).map((m) => m.id)).toEqual([c, a]);
    expect(state()).toEqual({ mark: c, indexed: { [a]: 2, [b]: 1, [c]: 2 } });
    expect(t.store.pendingText(10)).toEqual([]);
    expect(t.store.unindexedCount()).toBe(0);
    // Below the mark, indexed = 2 means written: not written again, not handed back to the indexer.
    expect(t.store.writeFullText([row(a, 'alpha'), row(c, 'charlie')])).toEqual([]);
    for (const word of ['alpha', 'bravo', 'charlie']) expect(t.store.listMessages(word, 0, 10).items).toHaveLength(1);
    // And a deleted row takes its full-text row along, wherever the mark is.
    t.store.deleteMessages([a]);
    expect(t.store.listMessages('alpha', 0, 10).items).toHaveLength(0);
  });

  it('keeps the full-text mark right below the newest row when nothing waits, and ids clear of rows written some other way', () => {
    t = tempStore();
    const mark = (): number => {
      const db = new DatabaseSync(t.dbPath);
      try {
        return Number(db.prepare('SELECT text_through FROM counters').get()?.['text_through']);
      } finally {
        db.close();
      }
    };
    // Complete rows (imports) and header-only rows (the indexer's): nothing waits, the mark follows.
    const a = t.store.insertMessage(makeMessage('a'), makeIndex()).id;
    expect(mark()).toBe(a);
    const [b] = t.store.insertMessages([{ message: makeMessage('b'), headers: makeIndex() }]);
    expect(mark()).toBe(b!.id);
    // A row waiting for its full-text row holds it below itself, also when complete rows follow.
    const [waiting] = t.store.insertMessages([{ message: makeMessage('Subject: w\r\n\r\nwaiting\r\n'), index: makeIndex({ bodyText: 'waiting' }), textLater: true }]);
    const c = t.store.insertMessage(makeMessage('c'), makeIndex()).id;
    expect(mark()).toBe(b!.id);
    expect(t.store.pendingText(10).map((m) => m.id)).toEqual([waiting!.id]);
    t.store.writeFullText([{ id: waiting!.id, columns: ['', '', '', 'waiting', ''] }]);
    expect(mark()).toBe(c);

    // A row some other writer put above the counter (an older process on the same file): the next id clears it.
    const side = new DatabaseSync(t.dbPath);
    side.prepare(
      `INSERT INTO messages (id, received_at, source, session_id, envelope, from_json, to_json, cc_json, subject, date, message_id, size, attachment_count, snippet)
       VALUES (?, 1, 'import', NULL, NULL, '[]', '[]', '[]', 'stray', NULL, '', 1, 0, '')`,
    ).run(c + 1);
    side.close();
    expect(t.store.insertMessage(makeMessage('d'), makeIndex()).id).toBe(c + 2);
  });

  it('refuses a database written by a newer version instead of guessing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
    try {
      const dbPath = path.join(dir, 'future.db');
      const db = new DatabaseSync(dbPath);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
      db.close();
      expect(() => openMessageStore(dbPath)).toThrow(/newer Mailscope/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which file it could not open', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
    try {
      // A regular file where the data directory should be.
      const blocker = path.join(dir, 'not-a-dir');
      writeFileSync(blocker, 'x');
      const dbPath = path.join(blocker, 'mailscope.db');
      expect(() => openMessageStore(dbPath)).toThrow(`Could not open the message database at ${dbPath}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a message committed by a process killed with SIGKILL right after insertMessage returned', async () => {
    t = tempStore();
    t.store.close();
    const here = path.dirname(fileURLToPath(import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'insert-then-wait.ts'), t.dbPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const id = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('child did not report an insert within 20 s')), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        const m = /inserted (\d+)/.exec(chunk.toString());
        if (m) {
          clearTimeout(timer);
          // Kill it the moment it says the insert returned: no close(), no checkpoint.
          child.kill('SIGKILL');
          resolve(Number(m[1]));
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    await new Promise((resolve) => child.once('close', resolve));
    const reopened = openMessageStore(t.dbPath);
    try {
      expect(new TextDecoder().decode(reopened.getRaw(id)!)).toBe('durable\r\n');
      expect(reopened.count().total).toBe(1);
    } finally {
      reopened.close();
    }
  }, 30_000);
});

/**
 * Messages stored with their header summary only (SMTP captures answer 250
 * before any MIME parsing) and indexed later: what is listed and searchable
 * in between, applyIndexes, and the v2 → v3 migration that keeps old rows
 * indexed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openMessageStore } from '../../../../../electron/core/store/message-store';
import { MIGRATIONS } from '../../../../../electron/core/store/schema';
import type { HeaderSummary } from '../../../../../electron/core/store/types';
import { makeIndex, makeMessage, tempStore, type TempStore } from './store-helpers';

let t: TempStore;
afterEach(() => t?.dispose());

const headers = (over: Partial<HeaderSummary> = {}): HeaderSummary => ({
  from: [{ name: 'Alice', address: 'alice@example.com' }],
  to: [{ name: '', address: 'bob@example.org' }],
  cc: [],
  subject: 'Quarterly numbers',
  date: Date.UTC(2024, 4, 1),
  messageId: 'q@example.com',
  ...over,
});

describe('deferred indexing', () => {
  it('lists a header-only message at once, finds its body only after applyIndexes', () => {
    t = tempStore();
    const [pending] = t.store.insertMessages([{ message: makeMessage('raw'), headers: headers() }]);
    expect(pending).toMatchObject({ subject: 'Quarterly numbers', from: [{ address: 'alice@example.com' }], attachmentCount: 0, snippet: '' });
    expect(t.store.count()).toEqual({ total: 1, unread: 1 });
    expect(t.store.listMessages('', 0, 10).items.map((m) => m.id)).toEqual([pending!.id]);
    expect(t.store.unindexed(10)).toEqual([{ id: pending!.id, size: 3 }]);
    expect(t.store.unindexedCount()).toBe(1);
    // No full-text row yet; a negated word does not hide it either.
    expect(t.store.listMessages('spreadsheet', 0, 10).total).toBe(0);
    expect(t.store.listMessages('-spreadsheet', 0, 10).total).toBe(1);

    const [done] = t.store.applyIndexes([
      {
        id: pending!.id,
        index: makeIndex({ subject: 'Quarterly numbers', snippet: 'see the spreadsheet', bodyText: 'see the spreadsheet', attachmentCount: 1, attachmentNames: ['q2.xlsx'] }),
      },
    ]);
    expect(done).toMatchObject({ id: pending!.id, snippet: 'see the spreadsheet', attachmentCount: 1, read: false, mailFrom: 'sender@example.com' });
    expect(t.store.getSummary(pending!.id)).toEqual(done);
    expect(t.store.unindexed(10)).toEqual([]);
    expect(t.store.unindexedCount()).toBe(0);
    expect(t.store.listMessages('spreadsheet', 0, 10).items.map((m) => m.id)).toEqual([pending!.id]);
    expect(t.store.listMessages('q2.xlsx', 0, 10).total).toBe(1);
    expect(t.store.listMessages('has:attachment', 0, 10).total).toBe(1);
    // The envelope is indexed too: the SMTP sender and recipients are searchable.
    expect(t.store.listMessages('from:sender@example.com', 0, 10).total).toBe(1);
    expect(t.store.listMessages('-spreadsheet', 0, 10).total).toBe(0);
  });

  it('keeps the read state set meanwhile, skips deleted or already indexed messages', () => {
    t = tempStore();
    const [a, b, c] = t.store.insertMessages([
      { message: makeMessage('a'), headers: headers({ subject: 'a' }) },
      { message: makeMessage('b'), headers: headers({ subject: 'b' }) },
      { message: makeMessage('c'), index: makeIndex({ subject: 'c' }) },
    ]);
    expect(t.store.unindexed(10).map((u) => u.id)).toEqual([a!.id, b!.id]);
    t.store.markRead([a!.id], true);
    t.store.deleteMessages([b!.id]);
    const updated = t.store.applyIndexes([a!, b!, c!].map((m) => ({ id: m.id, index: makeIndex({ subject: `${m.subject}!`, bodyText: 'zebra' }) })));
    expect(updated.map((m) => [m.subject, m.read])).toEqual([['a!', true]]);
    // Once only: a second result for the same message changes nothing.
    expect(t.store.applyIndexes([{ id: a!.id, index: makeIndex({ subject: 'again' }) }])).toEqual([]);
    expect(t.store.listMessages('zebra', 0, 10).items.map((m) => m.subject)).toEqual(['a!']);
    expect(t.store.count()).toEqual({ total: 2, unread: 1 });
  });

  it('applies indexes without fsync even when each capture commit fsyncs, and stays consistent', () => {
    t = tempStore();
    t.store.setFsyncEachCommit(true);
    const [m] = t.store.insertMessages([{ message: makeMessage('x'), headers: headers() }]);
    t.store.applyIndexes([{ id: m!.id, index: makeIndex({ bodyText: 'walrus' }) }]);
    // The connection is back to FULL for the next capture commit; the data is visible to another connection.
    t.store.insertMessages([{ message: makeMessage('y'), headers: headers() }]);
    const other = new DatabaseSync(t.dbPath);
    expect(other.prepare('SELECT count(*) AS n FROM messages WHERE indexed = 0').get()?.['n']).toBe(1);
    other.close();
    expect(t.store.listMessages('walrus', 0, 10).total).toBe(1);
  });

  it('migrates a v2 database: its messages count as indexed, new header-only ones do not', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
    try {
      const dbPath = path.join(dir, 'v2.db');
      const db = new DatabaseSync(dbPath);
      MIGRATIONS[0]!(db);
      MIGRATIONS[1]!(db);
      db.exec(`INSERT INTO messages (received_at, source, from_json, to_json, cc_json, subject, message_id, size, attachment_count, snippet)
               VALUES (1, 'smtp', '[]', '[]', '[]', 'old', '', 1, 0, 'old snippet')`);
      db.exec('PRAGMA user_version = 2');
      db.close();
      const store = openMessageStore(dbPath);
      try {
        expect(store.unindexedCount()).toBe(0);
        const [fresh] = store.insertMessages([{ message: makeMessage('new'), headers: headers() }]);
        expect(store.unindexed(10).map((u) => u.id)).toEqual([fresh!.id]);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

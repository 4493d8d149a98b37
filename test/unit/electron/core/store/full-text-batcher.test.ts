/**
 * Full-text rows written in batches after the commit (full-text-batcher.ts):
 * what the store does with a `textLater` commit, when the batcher writes
 * (count, delay, idle, close, after a hold), what happens to a message
 * deleted before its row, and what recover() makes of rows a stopped process
 * left unwritten.
 */
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../../../shared/api/events';
import { mainThreadBackend } from '../../../../../electron/core/indexer/index-backend';
import { InThreadCaptureWriter } from '../../../../../electron/core/store/capture-writer';
import { FullTextBatcher } from '../../../../../electron/core/store/full-text-batcher';
import { fullTextColumns } from '../../../../../electron/core/store/full-text-row';
import { indexPlainText } from '../../../../../electron/core/mime/index-message';
import type { FullTextRow, MessageStore } from '../../../../../electron/core/store/types';
import { makeIndex, makeMessage, tempStore, type TempStore } from './store-helpers';

const stores: TempStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.dispose();
});

function open(): TempStore {
  const t = tempStore();
  stores.push(t);
  return t;
}

/** Commit plain-text captures the way the capture writer does: summary now, row later. */
function capture(store: MessageStore, bodies: string[]): FullTextRow[] {
  const entries = bodies.map((body, i) => {
    const message = makeMessage(`From: Pat <pat@example.test>\r\nTo: bob@example.org\r\nSubject: note ${i}\r\n\r\n${body}\r\n`);
    const index = indexPlainText(message.raw);
    if (!index) throw new Error('test message is not plain text');
    return { message, index, textLater: true };
  });
  const summaries = store.insertMessages(entries);
  return summaries.map((s, i) => ({ id: s.id, columns: fullTextColumns(entries[i]!.index, entries[i]!.message.envelope) }));
}

const hits = (store: MessageStore, query: string): number[] => store.listMessages(query, 0, 100).items.map((m) => m.id);

/** Count write transactions on the store (writeFullText calls that wrote something). */
function countWrites(store: MessageStore): { calls: number[] } {
  const seen = { calls: [] as number[] };
  const original = store.writeFullText.bind(store);
  store.writeFullText = (rows) => {
    seen.calls.push(rows.length);
    return original(rows);
  };
  return seen;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Segments in the full-text index, with automatic merging off so that each
 * flush stays visible: FTS5 flushes the rows it holds in memory whenever
 * another statement of the transaction opens a savepoint, so full-text rows
 * interleaved with other statements made a segment (and later merge work)
 * per row — twice the cost of one flush per transaction.
 */
function segments(dbPath: string): { count(): number; close(): void } {
  const db = new DatabaseSync(dbPath);
  db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0)");
  return {
    count: () => Number(db.prepare('SELECT count(DISTINCT segid) AS n FROM messages_fts_idx').get()?.['n']),
    close: () => db.close(),
  };
}

describe('full-text rows of one transaction', () => {
  it('go into the index together: one segment per transaction on every write path', () => {
    const { store, dbPath } = open();
    const index = segments(dbPath);
    try {
      // Batches of full-text rows (the capture path).
      const rows = capture(store, Array.from({ length: 10 }, (_, i) => `word${i} and some text`));
      let before = index.count();
      expect(store.writeFullText(rows)).toHaveLength(10);
      expect(index.count() - before).toBe(1);

      // A batch committed with its rows (imports).
      before = index.count();
      const entries = Array.from({ length: 10 }, (_, i) => ({ message: makeMessage(`import ${i}`), index: makeIndex({ subject: `imported ${i}`, bodyText: `body${i}` }) }));
      expect(store.insertMessages(entries)).toHaveLength(10);
      expect(index.count() - before).toBe(1);

      // The background indexer's batches.
      const pending = store.insertMessages(Array.from({ length: 10 }, (_, i) => ({ message: makeMessage(`later ${i}`), headers: makeIndex({ subject: `later ${i}` }) })));
      before = index.count();
      expect(store.applyIndexes(pending.map((m, i) => ({ id: m.id, index: makeIndex({ subject: `later ${i}`, bodyText: `parsed${i}` }) })))).toHaveLength(10);
      expect(index.count() - before).toBe(1);

      expect(hits(store, 'word7')).toEqual([rows[7]!.id]);
      expect(hits(store, 'body3')).toHaveLength(1);
      expect(hits(store, 'parsed9')).toEqual([pending[9]!.id]);
    } finally {
      index.close();
    }
  });
});

describe('textLater commits (store)', () => {
  it('are listed with their whole summary at once and searchable once writeFullText ran', () => {
    const { store } = open();
    const rows = capture(store, ['apricot jam', 'bramble jelly']);
    expect(store.listMessages('', 0, 10).items.map((m) => m.snippet)).toEqual(['bramble jelly', 'apricot jam']);
    expect(store.unindexedCount()).toBe(2);
    expect(hits(store, 'apricot')).toEqual([]);
    expect(store.unindexed(10)).toEqual([]); // not the background indexer's business

    expect(store.writeFullText(rows).map((m) => [m.id, m.snippet])).toEqual([
      [rows[0]!.id, 'apricot jam'],
      [rows[1]!.id, 'bramble jelly'],
    ]);
    expect(store.unindexedCount()).toBe(0);
    expect(hits(store, 'apricot')).toEqual([rows[0]!.id]);
    // Sender and envelope recipient are in the row as in one written with the commit.
    expect(hits(store, 'pat@example.test bramble')).toEqual([rows[1]!.id]);
    // Written once: a second write of the same rows adds nothing.
    expect(store.writeFullText(rows)).toEqual([]);
    expect(store.listMessages('jam', 0, 10).total).toBe(1);
  });

  it('skips the row of a message deleted before it was written', () => {
    const { store } = open();
    const rows = capture(store, ['cherry tart', 'damson pie']);
    store.deleteMessages([rows[0]!.id]);
    expect(store.writeFullText(rows).map((m) => m.id)).toEqual([rows[1]!.id]);
    expect(hits(store, 'cherry')).toEqual([]);
    expect(store.listMessages('cherry', 0, 10).total).toBe(0);
    expect(hits(store, 'damson')).toEqual([rows[1]!.id]);
    expect(store.unindexedCount()).toBe(0);
  });

  it('lists what is still unwritten with its bytes and envelope, and hands a message back to the indexer on request', () => {
    const { store } = open();
    const rows = capture(store, ['elderflower cordial', 'fig roll']);
    const pending = store.pendingText(10);
    expect(pending.map((p) => p.id)).toEqual(rows.map((r) => r.id));
    expect(new TextDecoder().decode(pending[0]!.raw)).toContain('elderflower cordial');
    expect(pending[0]!.envelope).toMatchObject({ mailFrom: 'sender@example.com' });
    store.reindex(rows[1]!.id);
    expect(store.pendingText(10).map((p) => p.id)).toEqual([rows[0]!.id]);
    expect(store.unindexed(10).map((u) => u.id)).toEqual([rows[1]!.id]);
    expect(store.unindexedCount()).toBe(2);
  });
});

describe('FullTextBatcher', () => {
  it('writes once maxRows wait, in one transaction, on a later turn', async () => {
    const { store } = open();
    const writes = countWrites(store);
    const batcher = new FullTextBatcher({ store, maxRows: 4, maxDelayMs: 60_000 });
    const rows = capture(store, ['a1 gooseberry', 'a2 gooseberry', 'a3 gooseberry', 'a4 gooseberry', 'a5 gooseberry']);
    for (const row of rows.slice(0, 3)) batcher.add(row);
    await turn();
    expect(writes.calls).toEqual([]);
    batcher.add(rows[3]!);
    batcher.add(rows[4]!);
    expect(writes.calls).toEqual([]); // never inside the commit's own turn
    await turn();
    expect(writes.calls).toEqual([4]);
    expect(hits(store, 'gooseberry')).toHaveLength(4);
    expect(batcher.waiting).toBe(1);
    batcher.close();
    expect(writes.calls).toEqual([4, 1]);
    expect(hits(store, 'gooseberry')).toHaveLength(5);
  });

  it('writes fewer rows after maxDelayMs, and at once when asked for idle()', async () => {
    const { store } = open();
    const writes = countWrites(store);
    const batcher = new FullTextBatcher({ store, maxRows: 16, maxDelayMs: 40 });
    const [first] = capture(store, ['huckleberry one']);
    const started = performance.now();
    batcher.add(first!);
    await new Promise((r) => setTimeout(r, 10));
    expect(hits(store, 'huckleberry')).toEqual([]);
    while (hits(store, 'huckleberry').length === 0 && performance.now() - started < 2000) await new Promise((r) => setTimeout(r, 5));
    expect(hits(store, 'huckleberry')).toEqual([first!.id]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);

    const slow = new FullTextBatcher({ store, maxRows: 16, maxDelayMs: 60_000 });
    const [second] = capture(store, ['huckleberry two']);
    slow.add(second!);
    const asked = performance.now();
    await slow.idle();
    expect(performance.now() - asked).toBeLessThan(1000);
    expect(hits(store, 'huckleberry')).toEqual([second!.id, first!.id]);
    expect(writes.calls).toEqual([1, 1]);
    slow.close();
    batcher.close();
  });

  it('announces each message once its row is written (searchable by then, summary as stored then), never one deleted before', async () => {
    const { store } = open();
    const announced: { id: number; read: boolean; searchable: boolean }[] = [];
    const batcher = new FullTextBatcher({
      store,
      maxRows: 3,
      maxDelayMs: 60_000,
      announce: (summary) => announced.push({ id: summary.id, read: summary.read, searchable: hits(store, 'quince').includes(summary.id) }),
    });
    const rows = capture(store, ['quince one', 'quince two', 'quince three']);
    batcher.add(rows[0]!);
    batcher.add(rows[1]!);
    store.deleteMessages([rows[1]!.id]);
    // Read between the 250 and the row: the announcement must not say unread.
    store.markRead([rows[2]!.id], true);
    expect(announced).toEqual([]);
    batcher.add(rows[2]!);
    await turn();
    expect(announced).toEqual([
      { id: rows[0]!.id, read: false, searchable: true },
      { id: rows[2]!.id, read: true, searchable: true },
    ]);
    batcher.close();
  });

  it('keeps the rows of a write that failed and writes (and announces) them on a retry', async () => {
    const { store } = open();
    const original = store.writeFullText.bind(store);
    let failures = 1;
    store.writeFullText = (rows) => {
      if (failures-- > 0) throw new Error('database is locked');
      return original(rows);
    };
    const logged: string[] = [];
    const announced: number[] = [];
    const batcher = new FullTextBatcher({ store, maxRows: 2, maxDelayMs: 40, retryMs: 30, log: (line) => logged.push(line), announce: (m) => announced.push(m.id) });
    const rows = capture(store, ['raspberry one', 'raspberry two', 'raspberry three']);
    batcher.add(rows[0]!);
    batcher.add(rows[1]!);
    await turn();
    expect(hits(store, 'raspberry')).toEqual([]);
    expect(batcher.waiting).toBe(2);
    batcher.add(rows[2]!); // arrives while failing: waits for the retry
    const started = performance.now();
    while (announced.length < 3 && performance.now() - started < 3000) await new Promise((r) => setTimeout(r, 5));
    expect(announced.sort()).toEqual(rows.map((r) => r.id).sort());
    expect(hits(store, 'raspberry')).toHaveLength(3);
    expect(store.unindexedCount()).toBe(0);
    expect(logged).toEqual([expect.stringMatching(/could not write 2 rows \(database is locked\); trying again/), 'full-text: rows are written again']);
    batcher.close();
  });

  it('waits while commits are held for a checkpoint, then writes', async () => {
    const { store } = open();
    let held = true;
    const batcher = new FullTextBatcher({ store, maxRows: 2, maxDelayMs: 60_000, held: () => held });
    for (const row of capture(store, ['kiwi one', 'kiwi two'])) batcher.add(row);
    await new Promise((r) => setTimeout(r, 30));
    expect(hits(store, 'kiwi')).toEqual([]);
    held = false;
    await batcher.idle();
    expect(hits(store, 'kiwi')).toHaveLength(2);
    batcher.close();
  });

  it('writes what waits on close, and nothing after', () => {
    const { store } = open();
    const batcher = new FullTextBatcher({ store, maxRows: 16, maxDelayMs: 60_000 });
    const [row] = capture(store, ['lime curd']);
    batcher.add(row!);
    batcher.close();
    expect(hits(store, 'lime')).toEqual([row!.id]);
    const [late] = capture(store, ['lime pickle']);
    batcher.add(late!);
    expect(batcher.waiting).toBe(0);
    expect(store.unindexedCount()).toBe(1); // left for recover() at the next start
  });

  it('recover() derives unwritten rows again from the raw bytes, and hands what is not plain text to the indexer', async () => {
    const { store } = open();
    // A previous run committed these and stopped before their batch.
    const rows = capture(store, ['mango lassi', 'nectarine salad']);
    // One that is not plain text after all (cannot come from the capture path, but the bytes are the truth).
    const [odd] = store.insertMessages([
      {
        message: makeMessage('From: a@example.test\r\nContent-Type: text/html\r\n\r\n<p>olive tapenade</p>\r\n'),
        index: { ...indexPlainText(new TextEncoder().encode('Subject: x\r\n\r\nplaceholder\r\n'))!, subject: 'odd' },
        textLater: true,
      },
    ]);
    let reindexed = 0;
    const announced: string[] = [];
    const batcher = new FullTextBatcher({ store, maxRows: 1, onReindex: () => reindexed++, announce: (summary) => announced.push(summary.snippet) });
    batcher.recover();
    await batcher.idle();
    // Announced with the summary the store has (none was in memory).
    expect(announced).toEqual(['mango lassi', 'nectarine salad']);
    expect(hits(store, 'mango')).toEqual([rows[0]!.id]);
    expect(hits(store, 'nectarine')).toEqual([rows[1]!.id]);
    expect(store.pendingText(10)).toEqual([]);
    expect(reindexed).toBe(1);
    expect(store.unindexed(10).map((u) => u.id)).toEqual([odd!.id]);
    batcher.close();
  });

  it('recover() survives a store that refuses: logs, ends, and idle() resolves', async () => {
    const { store } = open();
    capture(store, ['strawberry']);
    store.pendingText = () => {
      throw new Error('database is locked');
    };
    const logged: string[] = [];
    const batcher = new FullTextBatcher({ store, log: (line) => logged.push(line) });
    batcher.recover();
    await batcher.idle();
    expect(logged).toEqual([expect.stringMatching(/could not write the rows a previous run left \(database is locked\)/)]);
    batcher.close();
  });

  it('recover() walks past rows already queued in memory, and a write that works again picks up what a failed recovery left', async () => {
    const { store } = open();
    const rows = capture(store, ['kiwi', 'lime', 'mango', 'nectarine']);
    const writeFullText = store.writeFullText.bind(store);
    // Writes of the first two rows fail (until told otherwise); others go through.
    const refused = new Set([rows[0]!.id, rows[1]!.id]);
    store.writeFullText = (batch) => {
      if (batch.some((row) => refused.has(row.id))) throw new Error('database is locked');
      return writeFullText(batch);
    };
    const logged: string[] = [];
    const batcher = new FullTextBatcher({ store, maxRows: 2, retryMs: 60_000, log: (line) => logged.push(line) });
    // The first two rows are in memory, their write failed: they wait for the (distant) retry.
    batcher.add(rows[0]!);
    batcher.add(rows[1]!);
    await turn();
    await turn();
    expect(batcher.waiting).toBe(2);
    // The two oldest waiting rows are the queued ones; the walk goes on to the rest.
    batcher.recover();
    await batcher.idle();
    expect(store.pendingText(10).map((m) => m.id)).toEqual([rows[0]!.id, rows[1]!.id]);
    expect(hits(store, 'mango')).toEqual([rows[2]!.id]);
    expect(hits(store, 'nectarine')).toEqual([rows[3]!.id]);
    refused.clear();
    batcher.close();
    expect(store.pendingText(10)).toEqual([]);

    // A recovery that fails is tried again after the next write that works.
    const more = capture(store, ['olive', 'papaya']);
    const pendingText = store.pendingText.bind(store);
    let fail = true;
    store.pendingText = (limit, after) => {
      if (fail) throw new Error('disk I/O error');
      return pendingText(limit, after);
    };
    const again = new FullTextBatcher({ store, maxRows: 1, log: (line) => logged.push(line) });
    again.recover();
    await again.idle();
    expect(hits(store, 'olive')).toEqual([]);
    fail = false;
    const [fresh] = capture(store, ['quince']);
    again.add(fresh!);
    await again.idle();
    await again.idle(); // the recovery that write started
    expect(hits(store, 'quince')).toEqual([fresh!.id]);
    expect(hits(store, 'olive')).toEqual([more[0]!.id]);
    expect(hits(store, 'papaya')).toEqual([more[1]!.id]);
    again.close();
  });

  it("the writer's idle() also covers a message recovery hands to the indexer", async () => {
    const { store } = open();
    // A row left at indexed = 2 whose bytes turn out not to be plain text (HTML): recovery hands it to the indexer.
    const [odd] = store.insertMessages([
      {
        message: makeMessage('From: a@example.test\r\nSubject: odd\r\nContent-Type: text/html\r\n\r\n<p>tamarind chutney</p>\r\n'),
        index: { ...indexPlainText(new TextEncoder().encode('Subject: x\r\n\r\nplaceholder\r\n'))!, subject: 'odd' },
        textLater: true,
      },
    ]);
    const events: CoreEvent[] = [];
    const writer = new InThreadCaptureWriter({ store, backend: mainThreadBackend(), emit: (e) => events.push(e), log: () => undefined });
    writer.kick();
    await writer.idle();
    expect(store.unindexedCount()).toBe(0);
    expect(hits(store, 'tamarind')).toEqual([odd!.id]);
    expect(events.filter((e) => e.type === 'message.captured').map((e) => (e.type === 'message.captured' ? e.message.id : 0))).toEqual([odd!.id]);
    await writer.close();
  });
});

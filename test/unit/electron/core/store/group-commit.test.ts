import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../../../../electron/core/store/group-commit';
import type { MessageStore } from '../../../../../electron/core/store/types';
import { makeIndex, makeMessage, tempStore, type TempStore } from './store-helpers';

let t: TempStore;
afterEach(() => t?.dispose());

/** Count the store's insert transactions from now on. */
function countTransactions(store: MessageStore): { transactions: number } {
  const count = { transactions: 0 };
  const insertMessages = store.insertMessages.bind(store);
  store.insertMessages = (batch) => {
    count.transactions++;
    return insertMessages(batch);
  };
  return count;
}

describe('insertMessages', () => {
  it('commits a batch in one transaction, all or nothing', () => {
    t = tempStore();
    const summaries = t.store.insertMessages([
      { message: makeMessage('a'), index: makeIndex({ subject: 'one' }) },
      { message: makeMessage('b'), index: makeIndex({ subject: 'two' }) },
    ]);
    expect(summaries.map((s) => s.subject)).toEqual(['one', 'two']);
    expect(t.store.count()).toEqual({ total: 2, unread: 2 });
    expect(t.store.listMessages('two', 0, 10).items.map((m) => m.id)).toEqual([summaries[1]!.id]);

    // A bad row in the middle (a raw that is not bytes) rolls back the rows before it.
    const bad = { message: { ...makeMessage('c'), raw: undefined as unknown as Uint8Array }, index: makeIndex() };
    expect(() => t.store.insertMessages([{ message: makeMessage('d'), index: makeIndex({ subject: 'rolled back' }) }, bad])).toThrow();
    expect(t.store.count()).toEqual({ total: 2, unread: 2 });
    expect(t.store.listMessages('rolled', 0, 10).total).toBe(0);
    expect(t.store.insertMessages([])).toEqual([]);
  });
});

describe('GroupCommitter', () => {
  it('commits deliveries of the same turn together and resolves each after the commit', async () => {
    t = tempStore();
    const committer = new GroupCommitter(t.store);
    const promises = [1, 2, 3].map((i) => committer.insert({ message: makeMessage(`m${i}`), index: makeIndex({ subject: `s${i}` }) }));
    expect(committer.pending).toBe(3);
    expect(t.store.count().total).toBe(0); // nothing committed before the flush
    const summaries = await Promise.all(promises);
    expect(summaries.map((s) => s.subject)).toEqual(['s1', 's2', 's3']);
    // Visible to another connection: committed, not merely queued.
    const db = new DatabaseSync(t.dbPath);
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()?.['n']).toBe(3);
    db.close();
  });

  it('waits a bounded number of turns for deliveries about to finish, so they share the commit', async () => {
    t = tempStore();
    let arriving = 1;
    const count = countTransactions(t.store);
    const committer = new GroupCommitter(t.store, 64, () => arriving, 2);
    const first = committer.insert({ message: makeMessage('a'), index: makeIndex({ subject: 'first' }) });
    // One turn later the other session's body ends and its delivery is queued: one transaction for both.
    setImmediate(() => {
      arriving = 0;
      void committer.insert({ message: makeMessage('b'), index: makeIndex({ subject: 'second' }) });
    });
    await first;
    expect(count.transactions).toBe(1);
    expect(t.store.count().total).toBe(2);

    // A session that never finishes its body does not hold the commit for more than maxWaitTurns.
    arriving = 1;
    let turns = 0;
    const counting = (): void => {
      turns++;
      if (turns < 50) setImmediate(counting);
    };
    setImmediate(counting);
    await committer.insert({ message: makeMessage('c'), index: makeIndex() });
    expect(count.transactions).toBe(2);
    expect(turns).toBeLessThanOrEqual(4);
  });

  it('does not wait for more once the batch is big enough', async () => {
    t = tempStore();
    const count = countTransactions(t.store);
    // Others are always arriving; with enough = 2, two queued deliveries commit at the next turn.
    const committer = new GroupCommitter(t.store, 64, () => 5, 6, 2);
    let turns = 0;
    const counting = (): void => {
      turns++;
      if (turns < 50) setImmediate(counting);
    };
    setImmediate(counting);
    await Promise.all([1, 2].map((i) => committer.insert({ message: makeMessage(`m${i}`), index: makeIndex() })));
    expect(count.transactions).toBe(1);
    expect(turns).toBeLessThanOrEqual(1);
    // One alone still waits its turns for the others.
    turns = 0;
    setImmediate(counting);
    await committer.insert({ message: makeMessage('m3'), index: makeIndex() });
    expect(turns).toBeGreaterThanOrEqual(6);
  });

  it('commits a lone delivery at once when nobody is arriving, and batches again when someone is', async () => {
    t = tempStore();
    let arriving = 0;
    const count = countTransactions(t.store);
    const committer = new GroupCommitter(t.store, 64, () => arriving, 2);
    const lone = committer.insert({ message: makeMessage('a'), index: makeIndex({ subject: 'lone' }) });
    // Committed in this turn, before anything awaited: no turn was spent waiting.
    expect(count.transactions).toBe(1);
    expect(committer.pending).toBe(0);
    expect(t.store.count().total).toBe(1);
    expect((await lone).subject).toBe('lone');

    // Another session mid-transaction: the delivery waits for it, and the two share a commit.
    arriving = 1;
    const first = committer.insert({ message: makeMessage('b'), index: makeIndex() });
    expect(count.transactions).toBe(1);
    arriving = 0;
    // Its delivery now finds a batch scheduled: it joins it rather than committing alone.
    const second = committer.insert({ message: makeMessage('c'), index: makeIndex() });
    expect(committer.pending).toBe(2);
    await Promise.all([first, second]);
    expect(count.transactions).toBe(2);

    // Held (a checkpoint's quiet pass): even a lone delivery queues.
    const release = committer.hold();
    const held = committer.insert({ message: makeMessage('d'), index: makeIndex() });
    expect(committer.pending).toBe(1);
    release();
    await held;
    expect(count.transactions).toBe(3);
    expect(t.store.count().total).toBe(4);
  });

  it('splits big batches and rejects only the batch whose commit failed', async () => {
    t = tempStore();
    const committer = new GroupCommitter(t.store, 2);
    const bad = { ...makeMessage('x'), raw: undefined as unknown as Uint8Array };
    const results = await Promise.allSettled([
      committer.insert({ message: makeMessage('a'), index: makeIndex() }),
      committer.insert({ message: bad, index: makeIndex() }),
      committer.insert({ message: makeMessage('c'), index: makeIndex({ subject: 'third' }) }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(t.store.count().total).toBe(1);
  });

  it('holds commits while asked to (the event loop goes on), then commits what queued in one transaction', async () => {
    t = tempStore();
    const count = countTransactions(t.store);
    const committer = new GroupCommitter(t.store);
    const release = committer.hold();
    let settled = 0;
    const first = committer.insert({ message: makeMessage('a'), index: makeIndex() }).then((s) => (settled++, s));
    // Turns pass; a second delivery arrives; nothing is committed while held.
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
    const second = committer.insert({ message: makeMessage('b'), index: makeIndex() }).then((s) => (settled++, s));
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(0);
    expect(count.transactions).toBe(0);
    expect(t.store.count().total).toBe(0);
    release();
    release(); // a second call is harmless
    const summaries = await Promise.all([first, second]);
    expect(count.transactions).toBe(1);
    expect(summaries.map((s) => s.id)).toEqual([summaries[0]!.id, summaries[0]!.id + 1]);
    // Not held any more: the next delivery commits on its own.
    await committer.insert({ message: makeMessage('c'), index: makeIndex() });
    expect(count.transactions).toBe(2);
  });

  it('a release with nothing queued leaves later deliveries committing as usual', async () => {
    t = tempStore();
    const committer = new GroupCommitter(t.store);
    committer.hold()();
    const outer = committer.hold();
    const inner = committer.hold();
    inner();
    const pending = committer.insert({ message: makeMessage('a'), index: makeIndex() });
    for (let turn = 0; turn < 3; turn++) await new Promise((r) => setImmediate(r));
    expect(t.store.count().total).toBe(0); // the outer hold still stands
    outer();
    await pending;
    expect(t.store.count().total).toBe(1);
  });
});

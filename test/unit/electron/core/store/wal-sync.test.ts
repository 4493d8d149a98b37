/**
 * Flushing the WAL off the main thread (fsyncEachCommit): calls made while a
 * flush runs share the next one, the group committer answers only after the
 * flush covering its commit, and a closed store refuses to promise more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../../../../electron/core/store/group-commit';
import { WalSync } from '../../../../../electron/core/store/wal-sync';
import { makeIndex, makeMessage, tempStore, type TempStore } from './store-helpers';

let t: TempStore;
afterEach(() => t?.dispose());

describe('WalSync', () => {
  it('flushes once for calls that arrive together, and again for a call made after a flush started', async () => {
    t = tempStore();
    t.store.insertMessage(makeMessage('x'), makeIndex());
    const wal = new WalSync(t.dbPath);
    const first = wal.sync();
    // These arrive while the first flush runs: it may have started before their writes, so they share the next.
    const later = Array.from({ length: 10 }, () => wal.sync());
    await Promise.all([first, ...later]);
    expect(wal.flushes).toBe(2);
    await wal.sync();
    expect(wal.flushes).toBe(3);
    await wal.close();
    await expect(wal.sync()).rejects.toThrow(/closed/);
  });
});

describe('GroupCommitter with fsyncEachCommit', () => {
  it('resolves only after the flush covering the commit; deliveries of one turn share one flush', async () => {
    t = tempStore();
    t.store.setFsyncEachCommit(true);
    expect(t.store.fsyncEachCommit).toBe(true);
    const order: string[] = [];
    const realSync = t.store.syncToDisk.bind(t.store);
    (t.store as { syncToDisk: () => Promise<void> }).syncToDisk = async () => {
      order.push('flush start');
      await realSync();
      order.push('flush done');
    };
    const committer = new GroupCommitter(t.store);
    const all = [1, 2, 3].map((i) => committer.insert({ message: makeMessage(`m${i}`), index: makeIndex({ subject: `s${i}` }) }).then((s) => order.push(`resolved ${s.subject}`)));
    await Promise.all(all);
    expect(order).toEqual(['flush start', 'flush done', 'resolved s1', 'resolved s2', 'resolved s3']);
    expect(t.store.count().total).toBe(3);
  });
});

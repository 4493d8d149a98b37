/**
 * Flushing the WAL off the main thread (fsyncEachCommit): calls made while a
 * flush runs share the next one, the group committer answers only after the
 * flush covering its commit, and a closed store refuses to promise more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FlushFailedError, GroupCommitter } from '../../../../../electron/core/store/group-commit';
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

  it('rejects with FlushFailedError, carrying what was committed, when only the flush failed', async () => {
    t = tempStore();
    t.store.setFsyncEachCommit(true);
    (t.store as { syncToDisk: () => Promise<void> }).syncToDisk = () => Promise.reject(new Error('EIO: disk on fire'));
    const committer = new GroupCommitter(t.store);
    const newSession = { startedAt: 1, clientAddress: '127.0.0.1', clientPort: 9, clientHostname: '' };
    const error = await committer.insert({ message: makeMessage('m1', { sessionId: null, newSession }), index: makeIndex({ subject: 'kept' }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushFailedError);
    const { summary } = error as FlushFailedError;
    expect((error as Error).message).toMatch(/flush to disk failed: EIO: disk on fire/);
    expect(t.store.getSummary(summary.id)?.subject).toBe('kept');
    expect(summary.sessionId).toEqual(expect.any(Number));
    expect(t.store.getSession(summary.sessionId!)?.messageIds).toEqual([summary.id]);
  });
});

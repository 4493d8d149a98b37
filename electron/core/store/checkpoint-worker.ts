/**
 * The checkpoint worker (bundled as dist/host/checkpoint-worker.js): copies
 * committed WAL frames into the database file on its own connection and
 * thread, so the SMTP thread never pays for it. SQLite's automatic
 * checkpoint would otherwise run inside whichever commit crosses 1 000 WAL
 * pages — every ~100 captured 11 KB messages a commit that takes tens of
 * milliseconds and fsyncs twice, right on the 250 path.
 *
 * Every `intervalMs`: a PASSIVE checkpoint (takes no lock a writer waits
 * for). Under sustained writes the WAL may never be fully copied at the
 * moment a writer looks, so it would never restart and would grow; once it
 * holds more than `restartFrames` frames, a RESTART checkpoint finishes the
 * job (it briefly holds the write lock, but the passive pass already copied
 * nearly everything, so the wait is short).
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointWorkerData, CheckpointWorkerMessage } from './background-checkpointer';

const port = parentPort;
if (!port) throw new Error('checkpoint worker: start this file with new Worker(…), not directly.');
const { dbPath, intervalMs, restartFrames } = workerData as CheckpointWorkerData;

const post = (message: CheckpointWorkerMessage): void => port.postMessage(message);

let db: DatabaseSync;
try {
  // The busy timeout only matters for RESTART (waits for a commit in progress).
  db = new DatabaseSync(dbPath, { timeout: 2000 });
} catch (error) {
  post({ type: 'error', message: (error as Error)?.message ?? String(error) });
  throw error;
}
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');

function checkpoint(): void {
  try {
    let row = passive.get() ?? {};
    const copied = Number(row['checkpointed'] ?? 0);
    let restarted = false;
    if (Number(row['log'] ?? 0) > restartFrames) {
      row = restart.get() ?? {};
      restarted = Number(row['busy'] ?? 1) === 0;
    }
    if (copied > 0 || restarted) post({ type: 'checkpointed', frames: Number(row['checkpointed'] ?? copied), restarted });
  } catch (error) {
    // SQLITE_BUSY on RESTART (a long commit): try again next tick.
    if ((error as { errcode?: number })?.errcode === 5) return;
    post({ type: 'error', message: (error as Error)?.message ?? String(error) });
  }
}

const timer = setInterval(checkpoint, intervalMs);
port.on('message', (message: { type: 'close' }) => {
  if (message.type !== 'close') return;
  clearInterval(timer);
  db.close();
  post({ type: 'closed' });
  port.close();
});
post({ type: 'ready' });

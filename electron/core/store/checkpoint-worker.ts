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
 * holds more than `restartFrames` frames it must start over. A RESTART
 * checkpoint would do that, but it holds the write lock for 10–25 ms here
 * (fsyncs, and waiting for commits through SQLite's sleeping busy handler),
 * and the main thread's next commit sleeps in its own busy handler, with
 * every SMTP session stalled behind it: that was the p99 of the capture
 * benchmark. So the worker asks the main thread for a quiet moment instead
 * (`quiet-please`): the main thread holds its commits (its event loop keeps
 * running) and answers `quiet`; one more PASSIVE pass then copies the few
 * frames left, the WAL is wholly in the database file, and the main
 * thread's next commit starts the log over by itself. That pass still
 * fsyncs what was written since the pass before it, so back-to-back passes
 * catch up first.
 * The database file is flushed by the worker itself (fdatasync) right
 * before it asks: a pass that copies everything ends with an fsync of the
 * database file, which otherwise wrote out every page all the catch-up
 * passes since the last start-over had copied (7 ms of a 9–12 ms hold at
 * one session here, longer the bigger the WAL); flushed beforehand, the
 * hold pays only for the few frames copied inside it.
 * Whenever writes pause, a plain pass lets the WAL start over without any
 * of this. Only when a quiet pass fails three times in a row (other writes
 * came in) does RESTART run.
 */
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointerRequest, CheckpointWorkerData, CheckpointWorkerMessage } from './background-checkpointer';

const port = parentPort;
if (!port) throw new Error('checkpoint worker: start this file with new Worker(…), not directly.');
const { dbPath, intervalMs, restartFrames, quietAnswerMs = 2000 } = workerData as CheckpointWorkerData;

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

/**
 * Write the database file's dirty pages to disk now, outside any hold. Only
 * ever an extra flush (never needed for correctness: SQLite still syncs
 * before the WAL starts over), so a failure to open or flush is ignored.
 */
let dbFd: number | null = null;
function flushDatabaseFile(): boolean {
  try {
    dbFd ??= openSync(dbPath, 'r+');
    fdatasyncSync(dbFd);
    return true;
  } catch {
    // The quiet pass's own fsync does it, inside the hold, as before.
    return false;
  }
}
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');

/** Quiet passes in a row that could not copy everything before RESTART is used. */
const QUIET_ATTEMPTS = 3;
/** Frames left uncopied that a quiet pass may take on (a few ms of writes). */
const QUIET_FRAMES = 64;
/** A pass this quick had little to sync: the quiet pass right after it will be about as quick. */
const QUICK_PASS_MS = 4;
/** Most back-to-back passes to get there. */
const CATCH_UP_PASSES = 8;
let awaitingQuiet = false;
let askedAt = 0;
let failedQuiet = 0;
let closed = false;

function checkpoint(): void {
  if (awaitingQuiet) {
    if (performance.now() - askedAt < quietAnswerMs) return; // unanswered for long: a failed quiet pass, never a wait forever
    awaitingQuiet = false;
    failedQuiet++;
  }
  try {
    let row = passive.get() ?? {};
    const copied = Number(row['checkpointed'] ?? 0);
    let restarted = false;
    if (Number(row['log'] ?? 0) > restartFrames) {
      // Catch up first, so the quiet pass has little to copy and, above all,
      // little to fsync: a pass first syncs every WAL page written since the
      // previous one, and after 200 ms of writes at 16 sessions that took
      // 30–100 ms, all of it with the commits held. Passes in a row shrink
      // it: stop once one was quick and left only a few frames.
      for (let pass = 0; pass < CATCH_UP_PASSES; pass++) {
        const started = performance.now();
        row = passive.get() ?? {};
        const quick = performance.now() - started < QUICK_PASS_MS;
        if (quick && Number(row['log'] ?? 0) - Number(row['checkpointed'] ?? 0) <= QUIET_FRAMES) break;
      }
      if (failedQuiet < QUIET_ATTEMPTS) {
        const flushed = flushDatabaseFile();
        awaitingQuiet = true;
        askedAt = performance.now();
        post({ type: 'quiet-please', flushed });
      } else {
        row = restart.get() ?? {};
        restarted = Number(row['busy'] ?? 1) === 0;
        if (restarted) failedQuiet = 0;
      }
    }
    if (copied > 0 || restarted) post({ type: 'checkpointed', frames: Number(row['checkpointed'] ?? copied), restarted });
  } catch (error) {
    // SQLITE_BUSY on RESTART (a long commit): try again next tick.
    if ((error as { errcode?: number })?.errcode === 5) return;
    post({ type: 'error', message: (error as Error)?.message ?? String(error) });
  }
}

/** The main thread holds its commits: copy what is left, so its next commit restarts the WAL. */
function quietPass(): void {
  awaitingQuiet = false;
  try {
    const row = passive.get() ?? {};
    const log = Number(row['log'] ?? 0);
    const backfilled = log > 0 && Number(row['checkpointed'] ?? -1) === log;
    failedQuiet = backfilled ? 0 : failedQuiet + 1;
    post({ type: 'quiet-done', frames: Number(row['checkpointed'] ?? 0), backfilled });
  } catch (error) {
    failedQuiet++;
    post({ type: 'quiet-done', frames: 0, backfilled: false });
    if ((error as { errcode?: number })?.errcode !== 5) post({ type: 'error', message: (error as Error)?.message ?? String(error) });
  }
}

const timer = setInterval(checkpoint, intervalMs);
port.on('message', (message: CheckpointerRequest) => {
  if (closed) return;
  if (message.type === 'quiet') {
    quietPass();
    return;
  }
  closed = true;
  clearInterval(timer);
  if (dbFd !== null) closeSync(dbFd);
  db.close();
  post({ type: 'closed' });
  port.close();
});
post({ type: 'ready' });

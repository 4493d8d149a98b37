/**
 * Moves WAL checkpoints off the main thread (see checkpoint-worker.ts for
 * why). Once the worker has opened the database, the main connection's
 * automatic checkpoint threshold goes from SQLite's 1 000 pages up to
 * `mainThresholdPages`: a safety net only (past it, every commit checkpoints
 * inside itself, two fsyncs on the SMTP thread), far above the size at which
 * the worker makes the WAL start over. If the worker fails or stops the
 * threshold goes back to 1 000, so the WAL is always checkpointed by someone.
 *
 * Close this before the store: the store's close (the last connection) then
 * checkpoints whatever is left and removes the WAL.
 */
import { Worker } from 'node:worker_threads';
import type { MessageStore } from './types';

/** SQLite's own automatic checkpoint threshold, in WAL pages. */
const SQLITE_DEFAULT_THRESHOLD = 1000;

/** What the worker is started with. */
export interface CheckpointWorkerData {
  dbPath: string;
  intervalMs: number;
  restartFrames: number;
  /** How long the worker waits for `quiet` before counting the request as failed (default 2 000 ms). */
  quietAnswerMs?: number;
}

/** Worker → main thread. */
export type CheckpointWorkerMessage =
  | { type: 'ready' }
  | { type: 'checkpointed'; frames: number; restarted: boolean }
  /**
   * The WAL is long: hold commits and answer `quiet`, so one pass can copy
   * all of it. `flushed`: the database file was flushed to disk just before
   * (so the hold pays only for what the pass copies); false when that failed.
   */
  | { type: 'quiet-please'; flushed: boolean }
  /** That pass is over; `backfilled`: it copied every frame (the next commit restarts the WAL). */
  | { type: 'quiet-done'; frames: number; backfilled: boolean }
  | { type: 'error'; message: string }
  | { type: 'closed' };

/** Main thread → worker. */
export type CheckpointerRequest = { type: 'quiet' } | { type: 'close' };

/** Longest the main thread holds its commits for a quiet pass (a safety net: a pass takes a few ms). */
const MAX_HOLD_MS = 100;

export interface CheckpointerOptions {
  /** The built dist/host/checkpoint-worker.js (or the source with a TypeScript loader in execArgv). */
  file: URL | string;
  execArgv?: string[];
  store: MessageStore;
  dbPath: string;
  /** How often the worker checkpoints (default 200 ms). */
  intervalMs?: number;
  /**
   * WAL frames beyond which the worker makes the log start over with a quiet
   * pass (default 8 192 ≈ 32 MiB). A quiet pass holds the commits for what
   * it copies and syncs itself (the worker flushes the database file just
   * before it asks), ~3 ms at one session here and 5–15 ms under 16
   * saturating sessions, whatever the WAL's size; so fewer of them is
   * better: at one session 8 192 beat 2 048 in six A/B pairs out of seven
   * (+3 % on average; 7 holds per 7 000 messages instead of 23), with
   * throughput and p99 at 16 sessions unchanged within this VM's noise.
   * (Before the worker flushed the database file itself, the hold also paid
   * for every page the earlier passes had copied: 2–19 ms at 8 MiB under 16
   * sessions, 33–115 ms at 128 MiB.)
   */
  restartFrames?: number;
  /**
   * The main connection's own threshold while the worker runs (default
   * 32 768 pages ≈ 128 MiB): a safety net well above restartFrames, since
   * beyond it every commit checkpoints inside itself.
   */
  mainThresholdPages?: number;
  log?: (line: string) => void;
}

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly log: (line: string) => void;
  private handedOver = false;
  private closing = false;
  private readonly exited: Promise<void>;
  /** Checkpoint passes that copied frames (diagnostics, tests). */
  checkpoints = 0;
  /** Passes that made the WAL start over (RESTART, or a quiet pass that copied everything). */
  restarts = 0;
  /** Quiet passes asked for by the worker, and those that copied every frame (diagnostics, tests). */
  quietPasses = 0;
  quietRestarts = 0;
  private holdWrites: (() => () => void) | null = null;
  private releaseHold: (() => void) | null = null;
  private holdTimer: NodeJS.Timeout | null = null;
  private flushFailureLogged = false;

  constructor(private readonly options: CheckpointerOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const workerData: CheckpointWorkerData = {
      dbPath: options.dbPath,
      intervalMs: options.intervalMs ?? 200,
      restartFrames: options.restartFrames ?? 8192,
    };
    this.worker = new Worker(options.file, { workerData, ...(options.execArgv ? { execArgv: options.execArgv } : {}) });
    this.worker.unref();
    this.worker.on('message', (message: CheckpointWorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error) => this.takeBack(`the checkpoint worker failed (${error instanceof Error ? error.message : String(error)})`));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => this.takeBack('the checkpoint worker stopped'));
  }

  /** True while the worker does the checkpoints (false before it is ready and after it failed). */
  get active(): boolean {
    return this.handedOver;
  }

  /**
   * How to hold this thread's commits for a quiet pass (returns the release).
   * Without it, a quiet pass runs while commits go on and usually cannot
   * copy everything; after a few such passes the worker uses RESTART.
   */
  setWriteHold(hold: () => () => void): void {
    this.holdWrites = hold;
  }

  /** Stop the worker and give checkpoints back to the main connection. */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    this.endHold();
    this.worker.postMessage({ type: 'close' } satisfies CheckpointerRequest);
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  private onMessage(message: CheckpointWorkerMessage): void {
    switch (message.type) {
      case 'ready':
        if (this.closing) return;
        this.handedOver = true;
        this.setThreshold(this.mainThreshold());
        return;
      case 'checkpointed':
        this.checkpoints++;
        if (message.restarted) this.restarts++;
        return;
      case 'quiet-please':
        this.quietPasses++;
        if (!message.flushed && !this.flushFailureLogged) {
          this.flushFailureLogged = true;
          this.log('store: the checkpoint worker could not flush the database file ahead of a quiet pass; commits will be held longer while the WAL starts over');
        }
        this.startHold();
        this.worker.postMessage({ type: 'quiet' } satisfies CheckpointerRequest);
        return;
      case 'quiet-done':
        this.endHold();
        if (message.frames > 0) this.checkpoints++;
        if (message.backfilled) {
          this.restarts++;
          this.quietRestarts++;
        }
        return;
      case 'error':
        this.takeBack(`the checkpoint worker failed (${message.message})`);
        void this.worker.terminate();
        return;
      case 'closed':
        return;
    }
  }

  private startHold(): void {
    if (this.closing || !this.holdWrites || this.releaseHold) return;
    this.releaseHold = this.holdWrites();
    this.holdTimer = setTimeout(() => this.endHold(), MAX_HOLD_MS);
    this.holdTimer.unref();
  }

  private endHold(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    const release = this.releaseHold;
    this.releaseHold = null;
    release?.();
  }

  private mainThreshold(): number {
    return this.options.mainThresholdPages ?? 32768;
  }

  private setThreshold(pages: number): void {
    try {
      this.options.store.setCheckpointThreshold(pages);
    } catch {
      // The connection is already closed: nothing left to checkpoint there.
    }
  }

  /** The main connection checkpoints again (worker gone or failing). */
  private takeBack(reason: string): void {
    this.endHold();
    if (!this.handedOver) return;
    this.handedOver = false;
    this.setThreshold(SQLITE_DEFAULT_THRESHOLD);
    if (!this.closing) this.log(`store: ${reason}; checkpointing on the main thread`);
  }
}

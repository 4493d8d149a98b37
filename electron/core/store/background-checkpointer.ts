/**
 * Moves WAL checkpoints off the main thread (see checkpoint-worker.ts for
 * why). Once the worker has opened the database, the main connection's
 * automatic checkpoint threshold goes from SQLite's 1 000 pages up to
 * `mainThresholdPages`: a safety net for writes so steady that the worker
 * never finds a moment to restart the WAL — and a cheap one, since by then
 * the worker has copied nearly every frame. If the worker fails or stops the
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
}

/** Worker → main thread. */
export type CheckpointWorkerMessage =
  | { type: 'ready' }
  | { type: 'checkpointed'; frames: number; restarted: boolean }
  | { type: 'error'; message: string }
  | { type: 'closed' };

export interface CheckpointerOptions {
  /** The built dist/host/checkpoint-worker.js (or the source with a TypeScript loader in execArgv). */
  file: URL | string;
  execArgv?: string[];
  store: MessageStore;
  dbPath: string;
  /** How often the worker checkpoints (default 200 ms). */
  intervalMs?: number;
  /** WAL frames beyond which a RESTART checkpoint makes the log start over (default 2 048 ≈ 8 MiB). */
  restartFrames?: number;
  /** The main connection's own threshold while the worker runs (default 8 192 pages ≈ 32 MiB). */
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
  /** Passes that made the WAL start over. */
  restarts = 0;

  constructor(private readonly options: CheckpointerOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const workerData: CheckpointWorkerData = {
      dbPath: options.dbPath,
      intervalMs: options.intervalMs ?? 200,
      restartFrames: options.restartFrames ?? 2048,
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

  /** Stop the worker and give checkpoints back to the main connection. */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    this.worker.postMessage({ type: 'close' });
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
      case 'error':
        this.takeBack(`the checkpoint worker failed (${message.message})`);
        void this.worker.terminate();
        return;
      case 'closed':
        return;
    }
  }

  private mainThreshold(): number {
    return this.options.mainThresholdPages ?? 8192;
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
    if (!this.handedOver) return;
    this.handedOver = false;
    this.setThreshold(SQLITE_DEFAULT_THRESHOLD);
    if (!this.closing) this.log(`store: ${reason}; checkpointing on the main thread`);
  }
}

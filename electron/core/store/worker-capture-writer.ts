/**
 * The SMTP thread's side of the capture writer thread (writer-worker.ts).
 * Deliveries finishing in one event-loop turn go over in one message (their
 * bytes handed over, not copied) and are committed in one transaction; each
 * commit() resolves when the writer reports its id.
 *
 * If the writer thread cannot start or dies, the deliveries it had not
 * answered are refused (the client hears 451 and retries) and everything
 * from then on goes to the fallback writer on this thread.
 */
import { Worker } from 'node:worker_threads';
import type { CoreEvent } from '../../../shared/api/events';
import type { Envelope } from '../../../shared/model/message';
import type { CaptureWriter, Delivery } from './capture-writer';

/** What the writer thread is started with. */
export interface WriterWorkerData {
  dbPath: string;
  fsyncEachCommit: boolean;
  gatherMs: number;
  /** The connection's automatic checkpoint threshold (null: SQLite's default). */
  checkpointThreshold: number | null;
}

/** SMTP thread → writer thread. */
export type WriterRequest =
  | { type: 'commit'; seq: number; items: { raw: Uint8Array; envelope: Envelope; sessionId: number | null }[] }
  | { type: 'fsync'; on: boolean }
  | { type: 'checkpoint-threshold'; pages: number }
  | { type: 'kick' }
  | { type: 'idle'; seq: number }
  | { type: 'close' };

/** Writer thread → SMTP thread. */
export type WriterReply =
  | { type: 'ready' }
  | { type: 'committed'; seq: number; results: ({ id: number } | { error: string })[] }
  | { type: 'event'; event: CoreEvent }
  | { type: 'idle'; seq: number }
  | { type: 'log'; line: string }
  | { type: 'closed' };

export interface WorkerWriterOptions {
  /** dist/host/writer-worker.js (or the source with a TypeScript loader in execArgv). */
  file: URL | string;
  execArgv?: string[];
  data: WriterWorkerData;
  emit: (event: CoreEvent) => void;
  /** Takes over if the writer thread fails. */
  fallback: () => CaptureWriter;
  log?: (line: string) => void;
}

interface Waiting {
  resolve: (id: number) => void;
  reject: (error: Error) => void;
}

export class WorkerCaptureWriter implements CaptureWriter {
  private readonly worker: Worker;
  private readonly log: (line: string) => void;
  private queue: { delivery: Delivery; waiting: Waiting }[] = [];
  private scheduled = false;
  private seq = 0;
  private readonly commits = new Map<number, Waiting[]>();
  private readonly idles = new Map<number, () => void>();
  private fallback: CaptureWriter | null = null;
  private fsync: boolean;
  private closing = false;
  private failed = false;
  private readonly exited: Promise<void>;

  constructor(private readonly options: WorkerWriterOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.fsync = options.data.fsyncEachCommit;
    this.worker = new Worker(options.file, { workerData: options.data, ...(options.execArgv ? { execArgv: options.execArgv } : {}) });
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.onReply(reply));
    this.worker.on('error', (error) => this.fail(error instanceof Error ? error : new Error(String(error))));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => this.fail(new Error('the writer thread stopped')));
  }

  get kind(): CaptureWriter['kind'] {
    return this.fallback ? this.fallback.kind : 'worker';
  }

  commit(delivery: Delivery): Promise<number> {
    if (this.fallback) return this.fallback.commit(delivery);
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, waiting: { resolve, reject } });
      if (!this.scheduled) {
        this.scheduled = true;
        // Deliveries finishing in this turn go together (one message, one transaction).
        setImmediate(() => this.send());
      }
    });
  }

  setFsyncEachCommit(on: boolean): void {
    this.fsync = on;
    if (this.fallback) this.fallback.setFsyncEachCommit(on);
    else this.post({ type: 'fsync', on });
  }

  /** The writer connection's automatic checkpoint threshold (see BackgroundCheckpointer). */
  setCheckpointThreshold(pages: number): void {
    if (!this.fallback) this.post({ type: 'checkpoint-threshold', pages });
  }

  kick(): void {
    if (this.fallback) this.fallback.kick();
    else this.post({ type: 'kick' });
  }

  idle(): Promise<void> {
    if (this.fallback) return this.fallback.idle();
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.idles.set(seq, resolve);
      this.refWhileWaiting();
      this.post({ type: 'idle', seq });
    });
  }

  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    if (this.fallback) {
      await this.fallback.close();
      return;
    }
    if (this.scheduled) this.send();
    if (this.failed) return;
    this.post({ type: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  private send(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (this.failed && !this.fallback) {
      for (const { waiting } of batch) waiting.reject(new Error('the message store is closing'));
      return;
    }
    if (this.fallback) {
      for (const { delivery, waiting } of batch) this.fallback.commit(delivery).then(waiting.resolve, waiting.reject);
      return;
    }
    const seq = ++this.seq;
    this.commits.set(seq, batch.map((b) => b.waiting));
    this.refWhileWaiting();
    const items = batch.map(({ delivery }) => ({ raw: delivery.raw, envelope: delivery.envelope, sessionId: delivery.sessionId }));
    // Hand the bytes over instead of copying them when each owns its buffer.
    const transfer = [
      ...new Set(
        items
          .map((item) => item.raw)
          .filter((raw) => raw.byteOffset === 0 && raw.buffer instanceof ArrayBuffer && raw.byteLength === raw.buffer.byteLength)
          .map((raw) => raw.buffer as ArrayBuffer),
      ),
    ];
    this.post({ type: 'commit', seq, items }, transfer);
  }

  private post(request: WriterRequest, transfer: ArrayBuffer[] = []): void {
    try {
      this.worker.postMessage(request, transfer);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private onReply(reply: WriterReply): void {
    switch (reply.type) {
      case 'committed': {
        const waiting = this.commits.get(reply.seq);
        this.commits.delete(reply.seq);
        reply.results.forEach((result, i) => {
          if ('id' in result) waiting?.[i]?.resolve(result.id);
          else waiting?.[i]?.reject(new Error(result.error));
        });
        break;
      }
      case 'idle':
        this.idles.get(reply.seq)?.();
        this.idles.delete(reply.seq);
        break;
      case 'event':
        this.options.emit(reply.event);
        return;
      case 'log':
        this.log(reply.line);
        return;
      case 'ready':
      case 'closed':
        return;
    }
    if (this.commits.size === 0 && this.idles.size === 0) this.worker.unref();
  }

  /** Only answers still owed keep the process alive. */
  private refWhileWaiting(): void {
    this.worker.ref();
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.worker.unref();
    // Their fate is unknown: refused, so the clients retry.
    for (const waiting of this.commits.values()) for (const w of waiting) w.reject(error);
    this.commits.clear();
    for (const resolve of this.idles.values()) resolve();
    this.idles.clear();
    if (this.closing) return;
    this.log(`store: the writer thread failed (${error.message}); committing on the main thread from now on`);
    this.fallback = this.options.fallback();
    this.fallback.setFsyncEachCommit(this.fsync);
    this.fallback.kick();
  }
}

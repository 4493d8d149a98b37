/**
 * Full parsing in a worker_threads worker, so a 2-core machine keeps one core
 * answering SMTP while the other runs mailparser. The worker is the bundled
 * dist/host/index-worker.js (electron/host/build.mjs); when the sources run
 * directly (vitest) there is no such file and the caller parses on the main
 * thread instead.
 */
import { Worker } from 'node:worker_threads';
import { findBuiltWorker } from '../built-worker';
import type { IndexedMessage } from '../store/types';
import type { IndexBackend, IndexItem, WorkerReply, WorkerRequest } from './index-backend';

/** The built worker's file name, beside the host entry points. */
export const WORKER_FILE = 'index-worker.js';

/** The built index worker next to this code, or null when running from the sources. */
export function findIndexWorker(from: string | URL = import.meta.url): URL | null {
  return findBuiltWorker(WORKER_FILE, from);
}

interface Pending {
  resolve: (results: IndexedMessage[]) => void;
  reject: (error: Error) => void;
}

export class WorkerIndexBackend implements IndexBackend {
  readonly kind = 'worker';
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(file: URL | string, execArgv?: string[]) {
    this.worker = new Worker(file, execArgv ? { execArgv } : undefined);
    // Only a request in flight keeps the process alive (see index()).
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.seq);
      if (!waiting) return;
      this.pending.delete(reply.seq);
      if (this.pending.size === 0) this.worker.unref();
      waiting.resolve(reply.results);
    });
    this.worker.on('error', (error) => this.fail(error instanceof Error ? error : new Error(String(error))));
    this.worker.on('exit', (code) => this.fail(new Error(`the index worker stopped (exit code ${code})`)));
  }

  index(items: readonly IndexItem[]): Promise<IndexedMessage[]> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = ++this.seq;
    const request: WorkerRequest = { seq, items: [...items] };
    // Hand the bytes over instead of copying them when each owns its buffer.
    const transfer = items
      .map((item) => item.raw)
      .filter((raw) => raw.byteOffset === 0 && raw.buffer instanceof ArrayBuffer && raw.byteLength === raw.buffer.byteLength)
      .map((raw) => raw.buffer as ArrayBuffer);
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.ref();
      try {
        this.worker.postMessage(request, [...new Set(transfer)]);
      } catch (error) {
        this.pending.delete(seq);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('the indexer was closed'));
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
    this.worker.unref();
  }
}

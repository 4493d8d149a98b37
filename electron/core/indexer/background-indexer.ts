/**
 * The background indexer: SMTP captures are committed with their header
 * summary only (the 250 waits for no MIME parsing) and marked unindexed;
 * this runs the full parse (body text, snippet, attachments) afterwards,
 * stores the results in batched transactions and only then announces each
 * message with `message.captured`, so the inbox never shows a half-known row.
 *
 * The queue is the database itself (`messages.indexed = 0`): memory stays
 * bounded whatever the backlog (one batch is loaded at a time, capped in
 * count and bytes), and messages a crash left unindexed are found again at
 * the next start — the raw bytes are the truth, the index is derived.
 */
import type { CoreEvent } from '../../../shared/api/events';
import type { MessageStore } from '../store/types';
import { mainThreadBackend, type IndexBackend, type IndexItem } from './index-backend';

export interface BackgroundIndexerOptions {
  store: MessageStore;
  /** Where parsing runs (a worker when available). */
  backend: IndexBackend;
  emit: (event: CoreEvent) => void;
  /** Diagnostics (never message content). */
  log?: (line: string) => void;
  /** Most messages per batch (one transaction each). */
  maxBatch?: number;
  /** Most raw bytes loaded per batch (a batch always takes at least one message). */
  maxBatchBytes?: number;
  /**
   * When fewer than maxBatch messages wait, wait this long for more before
   * parsing (default 0). Each batch costs a hand-over to the worker and a
   * transaction on the main thread — the thread answering SMTP — so under
   * load a few milliseconds of gathering buy fewer, bigger batches.
   */
  gatherMs?: number;
}

export class BackgroundIndexer {
  private backend: IndexBackend;
  private running: Promise<void> | null = null;
  /** Set by kick(); the pump looks again before it stops, so no commit is missed. */
  private dirty = false;
  private closed = false;
  private readonly log: (line: string) => void;
  private readonly maxBatch: number;
  private readonly maxBatchBytes: number;
  private readonly gatherMs: number;

  constructor(private readonly options: BackgroundIndexerOptions) {
    this.backend = options.backend;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.maxBatch = options.maxBatch ?? 64;
    this.maxBatchBytes = options.maxBatchBytes ?? 8 * 1024 * 1024;
    this.gatherMs = options.gatherMs ?? 0;
  }

  /** Where parsing runs now ('main-thread' after a worker failure). */
  get kind(): IndexBackend['kind'] {
    return this.backend.kind;
  }

  /** New unindexed messages were committed (or the indexer just started): index them soon. */
  kick(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.running) return;
    // Start on a later turn: the 250 that follows a commit goes out first, and
    // deliveries finishing in this turn join the same batch.
    this.running = new Promise((resolve) => setImmediate(resolve))
      .then(() => this.pump())
      .catch((error: unknown) => this.log(`indexer: stopped on an error: ${(error as Error)?.stack ?? String(error)}`))
      .finally(() => {
        this.running = null;
        if (this.dirty && !this.closed) this.kick();
      });
  }

  /** Resolves once every committed message is indexed (or the indexer is closed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stop: the batch in flight is abandoned (its messages stay unindexed until the next start). */
  async close(): Promise<void> {
    this.closed = true;
    await this.backend.close();
    await this.idle();
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      this.dirty = false;
      const waiting = this.options.store.unindexed(this.maxBatch).length;
      if (waiting === 0) return;
      if (waiting < this.maxBatch && this.gatherMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
        if (this.closed) return;
      }
      const items = this.nextBatch();
      if (items.length === 0) return;
      let results;
      try {
        results = await this.backend.index(items);
      } catch (error) {
        if (this.closed) return;
        if (this.backend.kind === 'main-thread') throw error;
        this.log(`indexer: the index worker failed (${(error as Error)?.message ?? String(error)}); parsing on the main thread from now on`);
        void this.backend.close().catch(() => undefined);
        this.backend = mainThreadBackend();
        continue; // the same messages are still unindexed: the next batch takes them
      }
      // The store closes right after close(): never write after that.
      if (this.closed) return;
      for (const summary of this.options.store.applyIndexes(results)) this.options.emit({ type: 'message.captured', message: summary });
      // Let commits waiting on this thread go first (a plain-text batch resolves without ever yielding).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The oldest unindexed messages, capped in count and bytes. */
  private nextBatch(): IndexItem[] {
    const items: IndexItem[] = [];
    let bytes = 0;
    for (const { id, size } of this.options.store.unindexed(this.maxBatch)) {
      if (items.length > 0 && bytes + size > this.maxBatchBytes) break;
      const raw = this.options.store.getRaw(id);
      if (!raw) continue;
      items.push({ id, raw });
      bytes += size;
    }
    return items;
  }
}

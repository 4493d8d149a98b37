/**
 * Group commit for concurrent deliveries. Each transaction has a fixed cost,
 * so deliveries that become ready in the same turn of the event loop are
 * committed together: one transaction, and every caller's promise resolves
 * only after that commit — so a 250 sent on resolution is sent after the
 * message is stored.
 *
 * A commit is ~0.3–0.5 ms here whatever it holds, so when other deliveries
 * are likely to follow soon (`arriving()`: sessions in a mail transaction),
 * the batch waits up to `maxWaitTurns` more event-loop turns for them — a
 * turn polls the sockets without sleeping, and the server answers those
 * sessions meanwhile, so the wait costs a fraction of the commit it saves
 * (PostgreSQL's commit_delay/commit_siblings, in turns). A lone session
 * never waits, and neither does a batch already `enough` big: under many
 * sessions batches fill by themselves, and waiting only adds latency
 * (measured at 16 sessions: p50 8.5 → 6.7 ms with enough = 4). When the
 * caller says how many deliveries are arriving and none is, nothing can
 * join the batch: it is committed at once, in the caller's turn, rather
 * than one event-loop turn later (a poll of every socket for nothing).
 *
 * With the store's `fsyncEachCommit` on, a resolution also waits for the WAL
 * flush that covers the commit (store.syncToDisk: on libuv's thread pool, one
 * at a time). Deliveries committed while a flush runs share the next one, so
 * a slow disk costs latency, not a flush per message, and the SMTP thread
 * keeps reading and committing meanwhile.
 */
import type { MessageSummary } from '../../../shared/model/message';
import type { MessageStore, NewEntry } from './types';

/**
 * The commit went through but its flush to disk failed (fsyncEachCommit):
 * the message is in the database — `summary` says where — but may not
 * survive a power cut, so the delivery is refused (451) all the same.
 */
export class FlushFailedError extends Error {
  constructor(
    readonly summary: MessageSummary,
    cause: unknown,
  ) {
    super(`committed, but the flush to disk failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'FlushFailedError';
  }
}

interface Pending {
  item: NewEntry;
  resolve: (summary: MessageSummary) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  private waitedTurns = 0;
  private holds = 0;

  /**
   * @param store where to commit
   * @param maxBatch most messages per transaction (keeps one commit's event-loop pause short)
   * @param arriving deliveries expected to be queued soon; 0 with nothing else queued: commit now.
   *   Without it, a batch is committed at the next turn (whatever finishes in this one joins it).
   * @param maxWaitTurns most extra turns a batch waits for them
   * @param enough a batch this big is committed without waiting
   */
  constructor(
    private readonly store: MessageStore,
    private readonly maxBatch = 64,
    private readonly arriving?: () => number,
    private readonly maxWaitTurns = 2,
    private readonly enough = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Queue a message; resolves with its summary once committed (and flushed
   * when fsyncing). Rejects if the commit failed, or with FlushFailedError
   * (carrying the summary) if only the flush did.
   */
  insert(item: NewEntry): Promise<MessageSummary> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled && this.holds === 0 && this.queue.length === 1 && this.arriving?.() === 0) {
        this.flush(); // alone, and nobody can join
        return;
      }
      this.schedule();
    });
  }

  /**
   * Hold commits until the returned release is called (the checkpoint
   * worker's quiet pass, see checkpoint-worker.ts): messages queue meanwhile
   * and are committed together after. The event loop keeps running.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0 && this.queue.length > 0) this.schedule();
    };
  }

  /** True while a hold is in force. */
  get held(): boolean {
    return this.holds > 0;
  }

  /** Messages queued and not yet committed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Look at the queue on a later turn, once. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.waitedTurns = 0;
    // setImmediate runs after the I/O callbacks of this turn: deliveries
    // finishing together land in one batch.
    setImmediate(() => this.flushOrWait());
  }

  /** Commit now, or give deliveries about to finish another turn to join (bounded). */
  private flushOrWait(): void {
    if (this.holds > 0) {
      this.scheduled = false; // the release schedules the flush
      return;
    }
    if (this.waitedTurns < this.maxWaitTurns && this.queue.length < Math.min(this.maxBatch, this.enough) && (this.arriving?.() ?? 0) > 0) {
      this.waitedTurns++;
      setImmediate(() => this.flushOrWait());
      return;
    }
    this.flush();
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      let summaries: MessageSummary[];
      try {
        summaries = this.store.insertMessages(batch.map((p) => p.item));
      } catch (error) {
        for (const p of batch) p.reject(error);
        continue;
      }
      const settle = (): void => batch.forEach((p, i) => p.resolve(summaries[i] as MessageSummary));
      if (!this.store.fsyncEachCommit) {
        settle();
        continue;
      }
      this.store.syncToDisk().then(settle, (error: unknown) => {
        batch.forEach((p, i) => p.reject(new FlushFailedError(summaries[i] as MessageSummary, error)));
      });
    }
  }
}

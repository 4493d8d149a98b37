/**
 * Group commit for concurrent deliveries. With `fsyncEachCommit` on
 * (synchronous=FULL) every transaction costs one fsync (milliseconds on real
 * disks), so committing each message alone caps throughput at one message
 * per fsync; without it each transaction still has a fixed cost. Deliveries
 * that become ready in the same turn of the event loop are committed
 * together here: one transaction, one fsync, and every caller's promise
 * resolves only after that commit — so a 250 sent on resolution is still
 * sent after the message is durable.
 */
import type { MessageSummary } from '../../../shared/model/message';
import type { MessageStore, NewEntry } from './types';

interface Pending {
  item: NewEntry;
  resolve: (summary: MessageSummary) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;

  /**
   * @param store where to commit
   * @param maxBatch most messages per transaction (keeps one commit's event-loop pause short)
   */
  constructor(
    private readonly store: MessageStore,
    private readonly maxBatch = 64,
  ) {}

  /** Queue a message; resolves with its summary once committed, rejects if the commit failed. */
  insert(item: NewEntry): Promise<MessageSummary> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the I/O callbacks of this turn: deliveries
        // finishing together land in one batch, and none waits longer than a turn.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Messages queued and not yet committed. */
  get pending(): number {
    return this.queue.length;
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
      batch.forEach((p, i) => p.resolve(summaries[i] as MessageSummary));
    }
  }
}

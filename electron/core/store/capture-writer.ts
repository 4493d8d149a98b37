/**
 * Where SMTP captures are committed and then indexed. The capture server
 * hands each delivery to a CaptureWriter and answers 250 when `commit`
 * resolves; everything after — the full parse, the index, the
 * `message.captured` event — is the writer's business.
 *
 * The writer (InThreadCaptureWriter): the GroupCommitter on the core's own
 * connection — deliveries finishing in one event-loop turn share one
 * transaction — and a BackgroundIndexer, whose MIME parsing runs in the
 * index worker when the build made one (plain-text messages are indexed
 * here: cheaper than the hop; their full-text rows follow in batches,
 * full-text-batcher.ts). Commits stay on the SMTP thread on purpose:
 * a writer thread (tried until 2026-11-26) cost two thread hops per
 * message, more than the ~0.3 ms commit it moved.
 */
import type { CoreEvent } from '../../../shared/api/events';
import type { Envelope } from '../../../shared/model/message';
import { BackgroundIndexer } from '../indexer/background-indexer';
import type { IndexBackend } from '../indexer/index-backend';
import { indexPlainText, summarizeHeaders } from '../mime/index-message';
import { FullTextBatcher } from './full-text-batcher';
import { fullTextColumns } from './full-text-row';
import { GroupCommitter } from './group-commit';
import type { HeaderSummary, MessageStore, NewSession } from './types';

/** One delivery, as the capture server has it at the end of DATA. */
export interface Delivery {
  /** The exact DATA bytes. */
  raw: Uint8Array;
  envelope: Envelope;
  sessionId: number | null;
  /** With `sessionId` null: the connection's session row, created in the same commit (see NewMessage.newSession). */
  newSession?: NewSession;
}

/** What a commit stored: the message's id and its session's (new or given). */
export interface Committed {
  id: number;
  sessionId: number | null;
}

export interface CaptureWriter {
  /**
   * Commit the delivery (raw, envelope, header summary; marked unindexed).
   * Resolves with its id (and its session's) once committed — and on disk
   * when fsyncEachCommit is on; rejects when it could not be stored (the
   * client gets 451, and a session row it brought is not stored either).
   */
  commit(delivery: Delivery): Promise<Committed>;
  /** Hold commits (they queue) until the returned release is called; see GroupCommitter.hold. */
  holdCommits(): () => void;
  /** Flush each commit to disk before it resolves (the fsyncEachCommit setting). */
  setFsyncEachCommit(on: boolean): void;
  /** Index whatever is unindexed and write unwritten full-text rows (at start: what a crash left behind). */
  kick(): void;
  /** Resolves once every committed message is indexed, announced and searchable. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Most event-loop turns a commit waits for deliveries in progress: enough for
 * another session's RCPT/DATA/body round trips on loopback; measured A/B,
 * 6 beat 2 at 4 sessions (+10 %) with p99 unchanged.
 */
const ARRIVING_WAIT_TURNS = 6;

/**
 * A batch this big commits without waiting for more: at 16 sessions waiting
 * bought nothing but latency (A/B, 6 pairs: p50 lower in all, p99 in 5).
 */
const ENOUGH_TO_COMMIT = 4;

/** Bigger plain-text captures are indexed after the 250, off the reply's path (the shortcut reads every byte). */
const INLINE_INDEX_MAX_BYTES = 256 * 1024;

function emptyHeaders(): HeaderSummary {
  return { from: [], to: [], cc: [], subject: '', date: null, messageId: '' };
}

/** The header summary, never throwing (the bytes are stored whatever they are). */
export function safeHeaderSummary(raw: Uint8Array): HeaderSummary {
  try {
    return summarizeHeaders(raw);
  } catch {
    return emptyHeaders();
  }
}

export interface InThreadWriterOptions {
  store: MessageStore;
  /** Where the indexer parses (a worker thread, or this one). */
  backend: IndexBackend;
  emit: (event: CoreEvent) => void;
  gatherMs?: number;
  /** Most messages indexed per transaction (small keeps a commit from waiting long behind index work on the same thread). */
  maxIndexBatch?: number;
  /** Deliveries likely to follow soon (SMTP sessions in a mail transaction): a commit waits a few turns for them. */
  arriving?: () => number;
  log?: (line: string) => void;
}

export class InThreadCaptureWriter implements CaptureWriter {
  private readonly committer: GroupCommitter;
  private readonly indexer: BackgroundIndexer;
  private readonly fullText: FullTextBatcher;

  constructor(private readonly options: InThreadWriterOptions) {
    this.committer = new GroupCommitter(options.store, undefined, options.arriving, ARRIVING_WAIT_TURNS, ENOUGH_TO_COMMIT);
    this.fullText = new FullTextBatcher({
      store: options.store,
      held: () => this.committer.held,
      announce: (summary) => options.emit({ type: 'message.captured', message: summary }),
      onReindex: () => this.indexer.kick(),
      log: options.log,
    });
    this.indexer = new BackgroundIndexer({
      store: options.store,
      backend: options.backend,
      emit: options.emit,
      gatherMs: options.gatherMs,
      maxBatch: options.maxIndexBatch,
      log: options.log,
    });
  }

  async commit(delivery: Delivery): Promise<Committed> {
    const message = { raw: delivery.raw, envelope: delivery.envelope, source: 'smtp' as const, sessionId: delivery.sessionId, newSession: delivery.newSession };
    // The commonest capture — one plain ASCII text part — gets its complete
    // summary in the commit: the shortcut costs about what reading the header
    // summary does, and it spares a second transaction, re-reading the bytes
    // and the indexer's queue query per message (~0.3 ms at one session).
    // Its full-text row follows in a batch with others (full-text-batcher.ts).
    const index = delivery.raw.byteLength <= INLINE_INDEX_MAX_BYTES ? indexPlainText(delivery.raw) : null;
    if (index) {
      let summary;
      try {
        summary = await this.committer.insert({ message, index, textLater: true });
      } catch (error) {
        // Committed but not flushed to disk (fsyncEachCommit), say: whatever is in the database waiting for its row is found again.
        this.fullText.recover();
        throw error;
      }
      // Announced with its row (a live search refetches on the event), after the 250.
      this.fullText.add({ id: summary.id, columns: fullTextColumns(index, delivery.envelope) });
      return { id: summary.id, sessionId: summary.sessionId };
    }
    const summary = await this.committer.insert({ message, headers: safeHeaderSummary(delivery.raw) });
    this.indexer.kick();
    return { id: summary.id, sessionId: summary.sessionId };
  }

  holdCommits(): () => void {
    return this.committer.hold();
  }

  setFsyncEachCommit(on: boolean): void {
    this.options.store.setFsyncEachCommit(on);
  }

  kick(): void {
    this.indexer.kick();
    this.fullText.recover();
  }

  async idle(): Promise<void> {
    // Rows first: recovering them may hand a message to the indexer (kick() makes its idle() cover it).
    await this.fullText.idle();
    await this.indexer.idle();
  }

  async close(): Promise<void> {
    await this.indexer.close();
    this.fullText.close();
  }
}

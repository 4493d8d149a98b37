/**
 * Full-text rows in batches. FTS5 writes a new index segment per transaction
 * (and merges segments as they pile up), so a capture committed with its row
 * paid ~11 WAL pages and ~0.19 ms for it on the SMTP thread; sixteen rows in
 * one transaction cost ~0.05 ms each (0.40 → 0.19 ms for 11 KB of varied
 * text; measured 2026-11-26, test/bench/capture-notes.md). So plain-text captures are
 * committed with their complete summary but without the row
 * (`textLater`, `messages.indexed = 2`), and this writes the rows a moment
 * later: once `maxRows` are waiting, or `maxDelayMs` after the first. Each
 * message is announced (`announce`, the `message.captured` event, with its
 * summary as stored at that moment) once its row is written, so whatever
 * the inbox shows it can also find: a live search (say `to:qa@…` while a
 * test suite sends) refetches on the event and must not miss the message
 * it announces. A write that fails (the database locked by another
 * process for long, a full disk) keeps its rows and is tried again.
 *
 * The rows in memory are a shortcut, not the truth: a process that stops
 * before writing them leaves `indexed = 2` rows, and `recover()` derives
 * their text again from the raw bytes at the next start.
 */
import type { MessageSummary } from '../../../shared/model/message';
import { indexPlainText } from '../mime/index-message';
import { fullTextColumns } from './full-text-row';
import type { FullTextRow, MessageStore } from './types';

export interface FullTextBatcherOptions {
  store: MessageStore;
  /** Rows per transaction, and how many waiting rows start one at once (default 16). */
  maxRows?: number;
  /** Longest a row waits for others (default 50 ms). */
  maxDelayMs?: number;
  /** After a failed write, how long until the rows are tried again (default 1 000 ms). */
  retryMs?: number;
  /** True while commits are held for a checkpoint's quiet pass: writes wait too. */
  held?: () => boolean;
  /** A message's row is written: its summary as stored now (not called for messages deleted before). */
  announce?: (summary: MessageSummary) => void;
  /** recover() handed a message back to the background indexer (not plain text after all). */
  onReindex?: () => void;
  log?: (line: string) => void;
}

export class FullTextBatcher {
  private pending: FullTextRow[] = [];
  /** Ids in `pending` (recover() leaves them alone). */
  private readonly queued = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private recovering = false;
  private closed = false;
  /** The last write failed: the rows wait for a retry (logged once until a write succeeds). */
  private failing = false;
  /** A recovery pass failed: the next successful write starts another. */
  private recoveryFailed = false;
  private waiters: (() => void)[] = [];
  private readonly maxRows: number;
  private readonly maxDelayMs: number;
  private readonly retryMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: FullTextBatcherOptions) {
    this.maxRows = options.maxRows ?? 16;
    this.maxDelayMs = options.maxDelayMs ?? 50;
    this.retryMs = options.retryMs ?? 1000;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Rows waiting in memory (diagnostics, tests). */
  get waiting(): number {
    return this.pending.length;
  }

  /** The row of a message just committed with `textLater`. */
  add(row: FullTextRow): void {
    if (this.closed) return;
    this.pending.push(row);
    this.queued.add(row.id);
    if (this.failing) return; // the retry timer writes them
    if (this.pending.length >= this.maxRows) this.writeSoon();
    else this.timer ??= setTimeout(() => this.writeSoon(), this.maxDelayMs);
  }

  /** Write the rows a previous run left unwritten, a batch per turn. */
  recover(): void {
    if (this.recovering || this.closed) return;
    this.recovering = true;
    let after = 0;
    const step = (): void => {
      if (this.closed) return this.endRecovery();
      if (this.options.held?.()) {
        setTimeout(step, 5);
        return;
      }
      try {
        // Walk on from the last row seen: rows already queued here are skipped, not the end of the walk.
        const seen = this.options.store.pendingText(this.maxRows, after);
        if (seen.length === 0) return this.endRecovery();
        after = seen[seen.length - 1]!.id;
        const found = seen.filter((m) => !this.queued.has(m.id));
        const rows: FullTextRow[] = [];
        let reindexed = 0;
        for (const { id, raw, envelope } of found) {
          const index = indexPlainText(raw);
          if (index) {
            rows.push({ id, columns: fullTextColumns(index, envelope) });
          } else {
            this.options.store.reindex(id);
            reindexed++;
          }
        }
        this.announceAll(this.options.store.writeFullText(rows));
        if (reindexed > 0) this.options.onReindex?.();
      } catch (error) {
        // Still `indexed = 2`: tried again after the next write that succeeds, or at the next start.
        this.log(`full-text: could not write the rows a previous run left (${(error as Error)?.message ?? String(error)}); trying again later`);
        this.recoveryFailed = true;
        return this.endRecovery();
      }
      setImmediate(step);
    };
    setImmediate(step);
  }

  /** Resolves once every row is written (writing what waits now, without the delay) or writing keeps failing. */
  async idle(): Promise<void> {
    while (!this.closed && ((this.pending.length > 0 && !this.failing) || this.recovering)) {
      if (this.pending.length > 0) this.writeSoon();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Write what waits (the store must still be open) and stop. */
  close(): void {
    if (this.closed) return;
    this.clearTimers();
    while (this.pending.length > 0 && this.writeBatch(this.pending.slice(0, this.maxRows))) this.pending.splice(0, this.maxRows);
    this.closed = true;
    this.pending = [];
    this.queued.clear();
    this.endRecovery();
  }

  private writeSoon(): void {
    if (this.soon || this.closed) return;
    this.soon = setImmediate(() => {
      this.soon = null;
      this.write();
    });
  }

  /** One batch now (or after the hold), the rest on later turns. */
  private write(): void {
    if (this.closed) return;
    this.clearTimers();
    if (this.options.held?.()) {
      this.timer = setTimeout(() => this.writeSoon(), 5);
      return;
    }
    const batch = this.pending.slice(0, this.maxRows);
    if (this.writeBatch(batch)) {
      this.pending.splice(0, batch.length);
      for (const row of batch) this.queued.delete(row.id);
      if (this.pending.length >= this.maxRows) this.writeSoon();
      else if (this.pending.length > 0) this.timer = setTimeout(() => this.writeSoon(), this.maxDelayMs);
    } else {
      // Kept, in order: tried again later (rows a restart finds at indexed = 2 anyway).
      this.timer = setTimeout(() => this.writeSoon(), this.retryMs);
    }
    this.wake();
  }

  /** One transaction, then the announcements. False (logged once per run of failures) when the store refused. */
  private writeBatch(batch: FullTextRow[]): boolean {
    let written: MessageSummary[];
    try {
      written = this.options.store.writeFullText(batch);
    } catch (error) {
      if (!this.failing) {
        this.log(`full-text: could not write ${batch.length} rows (${(error as Error)?.message ?? String(error)}); trying again every ${this.retryMs} ms`);
      }
      this.failing = true;
      return false;
    }
    if (this.failing) this.log('full-text: rows are written again');
    if (this.failing || this.recoveryFailed) {
      this.failing = false;
      this.recoveryFailed = false;
      // Rows a failed recovery or a failed capture left waiting in the database: pick them up now.
      this.recover();
    }
    this.announceAll(written);
    return true;
  }

  private announceAll(written: readonly MessageSummary[]): void {
    const announce = this.options.announce;
    if (!announce) return;
    for (const summary of written) {
      try {
        announce(summary);
      } catch (error) {
        this.log(`full-text: announcing message ${summary.id} failed (${(error as Error)?.message ?? String(error)})`);
      }
    }
  }

  private endRecovery(): void {
    this.recovering = false;
    this.wake();
  }

  /** Let idle() look again. */
  private wake(): void {
    const waiters = this.waiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.soon) clearImmediate(this.soon);
    this.soon = null;
  }
}

/**
 * Full-text rows in batches. FTS5 writes a new index segment per transaction
 * (and merges segments as they pile up), so a capture committed with its row
 * paid ~11 WAL pages and ~0.19 ms for it on the SMTP thread; sixteen rows in
 * one transaction cost ~0.05 ms each (0.40 → 0.19 ms for 11 KB of varied
 * text; measured 2026-11-26, README Performance). So plain-text captures are
 * committed with their complete summary but without the row
 * (`textLater`, `messages.indexed = 2`), and this writes the rows a moment
 * later: once `maxRows` are waiting, or `maxDelayMs` after the first. Each
 * message is announced (`announce`, the `message.captured` event) once its
 * row is written, so whatever the inbox shows it can also find: a live
 * search (say `to:qa@…` while a test suite sends) refetches on the event
 * and must not miss the message it announces.
 *
 * The rows in memory are a shortcut, not the truth: a process that stops
 * before writing them leaves `indexed = 2` rows, and `recover()` derives
 * their text again from the raw bytes at the next start.
 */
import type { Envelope, MessageSummary } from '../../../shared/model/message';
import { indexPlainText } from '../mime/index-message';
import { fullTextColumns } from './full-text-row';
import type { FullTextRow, MessageStore } from './types';

export interface FullTextBatcherOptions {
  store: MessageStore;
  /** Rows per transaction, and how many waiting rows start one at once (default 16). */
  maxRows?: number;
  /** Longest a row waits for others (default 50 ms). */
  maxDelayMs?: number;
  /** True while commits are held for a checkpoint's quiet pass: writes wait too. */
  held?: () => boolean;
  /** A message's row is written (not called for messages deleted before that). */
  announce?: (summary: MessageSummary) => void;
  /** recover() handed a message back to the background indexer (not plain text after all). */
  onReindex?: () => void;
  log?: (line: string) => void;
}

/** A row waiting in memory, with the summary to announce once it is written. */
interface Waiting {
  row: FullTextRow;
  summary: MessageSummary | null;
}

export class FullTextBatcher {
  private pending: Waiting[] = [];
  /** Ids in `pending` (recover() leaves them alone). */
  private readonly queued = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private recovering = false;
  private closed = false;
  private waiters: (() => void)[] = [];
  private readonly maxRows: number;
  private readonly maxDelayMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: FullTextBatcherOptions) {
    this.maxRows = options.maxRows ?? 16;
    this.maxDelayMs = options.maxDelayMs ?? 50;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Rows waiting in memory (diagnostics, tests). */
  get waiting(): number {
    return this.pending.length;
  }

  /** The row of a message just committed with `textLater`, and its summary to announce once the row is written. */
  add(row: FullTextRow, summary: MessageSummary | null = null): void {
    if (this.closed) return;
    this.pending.push({ row, summary });
    this.queued.add(row.id);
    if (this.pending.length >= this.maxRows) this.writeSoon();
    else this.timer ??= setTimeout(() => this.writeSoon(), this.maxDelayMs);
  }

  /** Write the rows a previous run left unwritten, a batch per turn. */
  recover(): void {
    if (this.recovering || this.closed) return;
    this.recovering = true;
    const step = (): void => {
      if (this.closed) return this.endRecovery();
      if (this.options.held?.()) {
        setTimeout(step, 5);
        return;
      }
      let found: { id: number; raw: Uint8Array; envelope: Envelope | null }[];
      try {
        found = this.options.store.pendingText(this.maxRows).filter((m) => !this.queued.has(m.id));
      } catch (error) {
        this.log(`full-text: could not look for unwritten rows (${(error as Error)?.message ?? String(error)})`);
        return this.endRecovery();
      }
      if (found.length === 0) return this.endRecovery();
      const rows: Waiting[] = [];
      let reindexed = 0;
      for (const { id, raw, envelope } of found) {
        const index = indexPlainText(raw);
        if (index) {
          rows.push({ row: { id, columns: fullTextColumns(index, envelope) }, summary: null });
        } else {
          this.options.store.reindex(id);
          reindexed++;
        }
      }
      if (!this.writeBatch(rows)) return this.endRecovery();
      if (reindexed > 0) this.options.onReindex?.();
      setImmediate(step);
    };
    setImmediate(step);
  }

  /** Resolves once every row is written (writing what waits now, without the delay). */
  async idle(): Promise<void> {
    while (!this.closed && (this.pending.length > 0 || this.recovering)) {
      if (this.pending.length > 0) this.writeSoon();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Write what waits (the store must still be open) and stop. */
  close(): void {
    if (this.closed) return;
    this.clearTimers();
    this.writeAll();
    this.closed = true;
    this.endRecovery();
    this.wake();
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
    if (this.options.held?.()) {
      this.clearTimers();
      this.timer = setTimeout(() => this.writeSoon(), 5);
      return;
    }
    this.clearTimers();
    this.writeBatch(this.pending.splice(0, this.maxRows));
    if (this.pending.length >= this.maxRows) this.writeSoon();
    else if (this.pending.length > 0) this.timer = setTimeout(() => this.writeSoon(), this.maxDelayMs);
    this.wake();
  }

  private writeAll(): void {
    while (this.pending.length > 0) this.writeBatch(this.pending.splice(0, this.maxRows));
  }

  /** One transaction; then announce what was written. False when the store refused. */
  private writeBatch(batch: Waiting[]): boolean {
    for (const { row } of batch) this.queued.delete(row.id);
    let written: number[];
    try {
      written = this.options.store.writeFullText(batch.map((w) => w.row));
    } catch (error) {
      // Still `indexed = 2` in the database: the next start writes them.
      this.log(`full-text: could not write ${batch.length} rows (${(error as Error)?.message ?? String(error)}); they are written at the next start`);
      return false;
    }
    const announce = this.options.announce;
    if (announce && written.length > 0) {
      const done = new Set(written);
      for (const { row, summary } of batch) {
        if (!done.has(row.id)) continue;
        // A row a previous run left has no summary in memory.
        const current = summary ?? this.options.store.getSummary(row.id);
        if (current) announce(current);
      }
    }
    return true;
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

/**
 * Records one SMTP conversation as transcript entries, masking secrets on the
 * way in: the AUTH argument after the mechanism name and every line of an
 * AUTH exchange (PLAIN/LOGIN payloads, the CRAM-MD5 response, the LOGIN user
 * name line) become `********`, whatever their encoding. The rule is ours and
 * does not rely on smtp-server's own redaction (which already hides most of
 * it), so a change there cannot leak a password into a stored transcript.
 *
 * The user name still reaches the session record through onAuth; only the
 * transcript lines are masked.
 */
import type { TranscriptEntry, TranscriptKind } from '../../../shared/model/session';

/** What replaces a secret in a transcript line. */
export const MASK = '********';

/** Default cap on stored lines: a client looping for hours must not grow a row without bound. */
export const DEFAULT_MAX_ENTRIES = 10_000;

export interface TranscriptRecorderOptions {
  /** Clock in ms (fractional allowed); defaults to performance.now(). */
  now?: () => number;
  /** Lines kept; later ones are counted and reported once. */
  maxEntries?: number;
}

/** Commands whose arguments are secrets in every form. */
const SECRET_ARGUMENT_COMMANDS = new Set(['WIZ']);

export class TranscriptRecorder {
  private readonly entries: TranscriptEntry[] = [];
  private readonly now: () => number;
  private readonly start: number;
  private readonly maxEntries: number;
  private flushedCount = 0;
  private dropped = 0;
  /** True between `AUTH …` and the reply that ends the exchange (anything but 334). */
  private inAuth = false;

  constructor(options: TranscriptRecorderOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /**
   * A line the client sent. `commandHint` is smtp-server's own idea of the
   * command ("AUTH" for continuation lines of an exchange); it can only add
   * masking, never remove it.
   */
  client(line: string, commandHint?: string): void {
    this.add('client', this.maskClientLine(line, commandHint));
  }

  /** A reply the server sent (multi-line replies as one entry, lines joined by \n). */
  server(reply: string): void {
    // 334 continues an AUTH exchange; any other reply ends it (235, 535, 501…).
    if (this.inAuth && !/^334(?:[ -]|$)/.test(reply)) this.inAuth = false;
    this.add('server', reply);
  }

  /** A connection-level event: connect, TLS upgrade, close. */
  info(text: string): void {
    this.add('info', text);
  }

  /** A DATA summary line (never the body itself). */
  data(text: string): void {
    this.add('data', text);
  }

  /** A failure: socket error, timeout, oversized message. */
  error(text: string): void {
    this.add('error', text);
  }

  /** Every entry kept so far (plus a note about dropped lines, if any). */
  all(): TranscriptEntry[] {
    return this.dropped > 0 ? [...this.entries, this.droppedNote()] : [...this.entries];
  }

  /** Entries not yet handed out by takeUnflushed (for appending to the store). */
  takeUnflushed(final = false): TranscriptEntry[] {
    const out = this.entries.slice(this.flushedCount);
    this.flushedCount = this.entries.length;
    if (final && this.dropped > 0) {
      out.push(this.droppedNote());
      this.dropped = 0;
    }
    return out;
  }

  /** How many entries wait for takeUnflushed. */
  pendingCount(): number {
    return this.entries.length - this.flushedCount;
  }

  private droppedNote(): TranscriptEntry {
    return { t: this.elapsed(), kind: 'info', text: `${this.dropped} more transcript lines were not kept (limit ${this.maxEntries}).` };
  }

  private maskClientLine(line: string, commandHint?: string): string {
    if (this.inAuth) return MASK;
    const trimmed = line.trim();
    const words = trimmed.split(/\s+/);
    const verb = (words[0] ?? '').toUpperCase();
    if (verb === 'AUTH') {
      this.inAuth = true;
      // Keep the mechanism (useful evidence), hide any initial response.
      return words.length > 2 ? `${words[0]} ${words[1]} ${MASK}` : trimmed;
    }
    if (commandHint?.toUpperCase() === 'AUTH') {
      // smtp-server says this belongs to an AUTH exchange we did not see start.
      return MASK;
    }
    if (SECRET_ARGUMENT_COMMANDS.has(verb) && words.length > 1) return `${words[0]} ${MASK}`;
    return line;
  }

  private elapsed(): number {
    return Math.round((this.now() - this.start) * 10) / 10;
  }

  private add(kind: TranscriptKind, text: string): void {
    if (this.entries.length >= this.maxEntries) {
      this.dropped++;
      return;
    }
    this.entries.push({ t: this.elapsed(), kind, text });
  }
}

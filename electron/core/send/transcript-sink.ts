/**
 * Where a send's transcript lines go: stamped with ms since the send started
 * (hrtime via performance.now(), 0.1 ms), scrubbed of every known secret
 * form, kept in order and handed to a live listener (the `send.step` event,
 * the CLI's printer) as they happen.
 *
 * With recording off (the benchmark's baseline) nothing is kept or emitted.
 */
import type { TranscriptEntry, TranscriptKind } from '../../../shared/model/session';
import type { ReplyExplanation } from '../../../shared/model/smtp-reply';
import type { SecretScrubber } from './redact';

/** Cap on lines per send: a server looping multi-line replies must not grow a record without bound. */
const MAX_ENTRIES = 5_000;

export class TranscriptSink {
  readonly entries: TranscriptEntry[] = [];
  private readonly start = performance.now();
  private dropped = 0;

  constructor(
    private readonly scrubber: SecretScrubber,
    readonly recording: boolean,
    private readonly onEntry?: (entry: TranscriptEntry) => void,
  ) {}

  /** Ms since the send started. */
  elapsed(): number {
    return Math.round((performance.now() - this.start) * 10) / 10;
  }

  add(kind: TranscriptKind, text: string, explanation?: ReplyExplanation): void {
    if (!this.recording) return;
    if (this.entries.length >= MAX_ENTRIES) {
      this.dropped++;
      return;
    }
    const entry: TranscriptEntry = { t: this.elapsed(), kind, text: this.scrubber.scrub(text) };
    if (explanation) entry.explanation = this.scrubExplanation(explanation);
    this.entries.push(entry);
    this.onEntry?.(entry);
  }

  /** Close the transcript: note lines that were not kept. */
  finish(): TranscriptEntry[] {
    if (this.dropped > 0) {
      const note: TranscriptEntry = { t: this.elapsed(), kind: 'info', text: `${this.dropped} more transcript lines were not kept (limit ${MAX_ENTRIES}).` };
      this.entries.push(note);
      this.onEntry?.(note);
      this.dropped = 0;
    }
    return this.entries;
  }

  /** Explanations quote reply text (which may echo input), so they are scrubbed too. */
  scrubExplanation(explanation: ReplyExplanation): ReplyExplanation {
    if (this.scrubber.empty) return explanation;
    return {
      ...explanation,
      title: this.scrubber.scrub(explanation.title),
      meaning: this.scrubber.scrub(explanation.meaning),
      fix: explanation.fix === null ? null : this.scrubber.scrub(explanation.fix),
    };
  }
}

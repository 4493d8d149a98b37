/**
 * What the capture server knows about one open SMTP connection, and how it
 * reaches the store. The session row is written lazily, at the first
 * delivered message or when the connection closes, so a message costs no
 * extra commit before its 250; the transcript is written when the connection
 * closes (and in batches for long sessions).
 */
import type { SmtpSessionSummary, TlsInfo, TranscriptEntry } from '../../../shared/model/session';
import type { MessageStore, NewSession } from '../store/types';
import { TranscriptRecorder } from './transcript-recorder';

/** Unflushed lines after which a long-lived session writes its transcript so far. */
const FLUSH_EVERY = 500;

export interface LiveSessionInit {
  clientAddress: string;
  clientPort: number;
  clientHostname: string;
  implicitTls: boolean;
}

export class LiveSession {
  readonly recorder = new TranscriptRecorder();
  readonly startedAt = Date.now();
  readonly messageIds: number[] = [];
  helo = '';
  tls: TlsInfo | null = null;
  authUser = '';
  authMethod = '';
  endedAt: number | null = null;
  /** Store id, once the row exists. */
  id: number | null = null;
  /** Deliveries still between end of DATA and their reply. */
  pending = 0;
  private wroteTranscript = false;

  constructor(
    private readonly store: MessageStore,
    readonly init: LiveSessionInit,
  ) {}

  /** The session row's id, creating the row on first use. */
  ensureRow(): number {
    this.id ??= this.store.createSession(this.newRow());
    return this.id;
  }

  /** The row to create: by ensureRow, or inside the first capture's commit (then `adopt` its id). */
  newRow(): NewSession {
    return {
      startedAt: this.startedAt,
      clientAddress: this.init.clientAddress,
      clientPort: this.init.clientPort,
      clientHostname: this.init.clientHostname,
    };
  }

  /** The id of the row a capture's commit created for this session. */
  adopt(id: number | null): void {
    if (id !== null) this.id ??= id;
  }

  /** After a delivery: keep very long sessions from holding everything in memory only. */
  maybeFlush(): void {
    if (this.id === null || this.recorder.pendingCount() < FLUSH_EVERY) return;
    this.store.appendTranscript(this.id, this.recorder.takeUnflushed());
    this.wroteTranscript = true;
  }

  /** Write everything that is left and mark the session ended. */
  finish(): SmtpSessionSummary {
    this.endedAt ??= Date.now();
    const id = this.ensureRow();
    const rest = this.recorder.takeUnflushed(true);
    const meta = { helo: this.helo, tls: this.tls, authUser: this.authUser, authMethod: this.authMethod, endedAt: this.endedAt };
    if (this.wroteTranscript) {
      if (rest.length > 0) this.store.appendTranscript(id, rest);
      this.store.updateSession(id, meta);
    } else {
      this.store.updateSession(id, { ...meta, transcript: rest });
    }
    this.wroteTranscript = true;
    return this.summary();
  }

  /** The session as the list shows it. */
  summary(): SmtpSessionSummary {
    return {
      id: this.id ?? 0,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      clientAddress: this.init.clientAddress,
      clientPort: this.init.clientPort,
      clientHostname: this.init.clientHostname,
      helo: this.helo,
      tls: this.tls,
      authUser: this.authUser,
      authMethod: this.authMethod,
      messageIds: [...this.messageIds],
    };
  }

  /** The transcript so far, for a session that is still open. */
  transcript(): TranscriptEntry[] {
    return this.recorder.all();
  }
}

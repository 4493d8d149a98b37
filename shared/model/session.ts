/**
 * An SMTP conversation. Capture sessions (clients talking to our server) and,
 * later, outbound test sends share this shape so one transcript view serves both.
 */
import type { ReplyExplanation } from './smtp-reply';

/** Who spoke a transcript line, or what kind of event it is. */
export type TranscriptKind =
  /** A command the client sent (C:). */
  | 'client'
  /** A reply the server sent (S:). */
  | 'server'
  /** Connection-level events: connect, TLS upgrade, close, errors, fault rules applied. */
  | 'info'
  /** DATA content summary (the body itself is never copied into transcripts). */
  | 'data'
  /** An error (socket error, timeout, size exceeded…). */
  | 'error'
  /** A DNS lookup made for the session (outbound sends and probes: MX, A/AAAA). */
  | 'dns'
  /** TCP-level events of outbound sends and probes: connecting, connected, closed. */
  | 'tcp'
  /** TLS handshake results: protocol, cipher, certificate chain and name check. */
  | 'tls';

/** One line of a transcript. */
export interface TranscriptEntry {
  /** Milliseconds since the session started. */
  t: number;
  /** What it is. */
  kind: TranscriptKind;
  /** The text, with secrets masked (AUTH payloads and passwords become ********). */
  text: string;
  /**
   * What a server reply (or a connection-level failure) means and how to fix
   * it, from shared/smtp's explainer. Set on outbound sends and probes; capture
   * transcripts leave it out (the UI may explain their replies on the fly).
   */
  explanation?: ReplyExplanation;
}

/** TLS parameters of a session that used STARTTLS or implicit TLS. */
export interface TlsInfo {
  /** Protocol, e.g. "TLSv1.3". */
  protocol: string;
  /** Cipher suite name, e.g. "TLS_AES_256_GCM_SHA384". */
  cipher: string;
  /** True when TLS was implicit (the TLS port), false for STARTTLS. */
  implicit: boolean;
}

/** One SMTP session as recorded. */
export interface SmtpSession {
  /** Store id. */
  id: number;
  /** Session start, ms since the epoch. */
  startedAt: number;
  /** Session end, ms since the epoch; null while still open. */
  endedAt: number | null;
  /** Client IP address as seen by the server. */
  clientAddress: string;
  /** Client TCP port. */
  clientPort: number;
  /** Reverse DNS name of the client when lookups are enabled; "" otherwise. */
  clientHostname: string;
  /** HELO/EHLO name the client gave; "" when none. */
  helo: string;
  /** TLS details, or null for plain sessions. */
  tls: TlsInfo | null;
  /** Authenticated user name (never the password); "" when no AUTH. */
  authUser: string;
  /** The AUTH mechanism used; "" when none. */
  authMethod: string;
  /** Ids of messages this session delivered (committed). */
  messageIds: number[];
  /** Every command, reply and event, in order. */
  transcript: TranscriptEntry[];
}

/** Session list row (transcript omitted). */
export type SmtpSessionSummary = Omit<SmtpSession, 'transcript'>;

/**
 * Test sends and replays (issue 5): where to send (a target, saved as a
 * profile), what to send (composed, a captured/imported message replayed raw
 * or edited, an uploaded .eml), and the record of each send with its live
 * transcript. Produced by electron/core/send; shown by renderer/features/send;
 * printed by `mailscope send`.
 *
 * Passwords and tokens never appear in any of these shapes once stored or
 * returned: requests carry them in, records and profiles say only whether one
 * is set.
 */
import type { ReplyExplanation } from './smtp-reply';
import type { TranscriptEntry } from './session';

/** Transport security. */
export type SendSecurity =
  /** Plain SMTP, never upgrade. */
  | 'none'
  /** STARTTLS when the server offers it, plain otherwise (opportunistic). */
  | 'starttls'
  /** STARTTLS required: fail when not offered or when the handshake fails. */
  | 'starttls-required'
  /** Implicit TLS from the first byte (port 465). */
  | 'tls';

/** AUTH mechanism. */
export type SendAuthMethod = 'none' | 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';

/** Where and how to connect. */
export interface SendTarget {
  /** `server`: the host/port below; `mx`: each recipient domain's MX, in priority order. */
  mode: 'server' | 'mx';
  /** Host name or IP (mode `server`). */
  host: string;
  /** Port (mode `server`); MX delivery always uses 25. */
  port: number;
  /** Transport security. */
  security: SendSecurity;
  /** TLS server name (SNI and certificate check) when it differs from `host`; "" for `host`. */
  tlsServername: string;
  /** Minimum TLS version. */
  minTlsVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** Accept self-signed / unverifiable certificates (explicit; the transcript warns). */
  allowInvalidCertificate: boolean;
  /** AUTH mechanism; `none` for no AUTH. */
  authMethod: SendAuthMethod;
  /** AUTH user name ("" for none). */
  user: string;
  /** EHLO/HELO name ("" for the default). */
  helo: string;
  /** Timeouts, ms. */
  timeouts: { connectMs: number; greetingMs: number; socketMs: number };
}

/** A saved target. */
export interface SendProfile {
  /** Store id. */
  id: number;
  /** Name shown in the picker. */
  name: string;
  /** The target. */
  target: SendTarget;
  /** True when a password/token is stored for it (never the secret itself). */
  hasSecret: boolean;
  /** Where the secret is kept: OS keychain via Electron safeStorage, this run's memory, or an opted-in file (headless). */
  secretStorage: 'safe-storage' | 'memory' | 'file' | 'none';
  /**
   * Set only in the reply to saveSendProfile when the secret is not kept the
   * way a user might assume: in memory for this run only, or (headless opt-in)
   * unencrypted in a 0600 file. Show it as is.
   */
  warning?: string;
}

/** One attachment of a composed message. */
export interface ComposeAttachment {
  /** File name. */
  filename: string;
  /** MIME type. */
  contentType: string;
  /** Content, base64. */
  contentBase64: string;
}

/** What to send. */
export type SendSource =
  /** A message composed in the app. */
  | {
      kind: 'compose';
      from: string;
      to: string[];
      cc: string[];
      bcc: string[];
      subject: string;
      text: string;
      html: string;
      attachments: ComposeAttachment[];
      /** Custom headers, in order. */
      headers: { name: string; value: string }[];
    }
  /**
   * A stored (captured or imported) message: `raw` sends its bytes unchanged;
   * `edited` sends a copy with header edits applied.
   */
  | {
      kind: 'stored';
      id: number;
      mode: 'raw' | 'edited';
      /** Header edits for `edited`: set (replace all of that name), add, or remove. */
      headerEdits: { op: 'set' | 'add' | 'remove'; name: string; value: string }[];
    }
  /** An uploaded .eml's bytes (base64), sent unchanged. */
  | { kind: 'eml'; name: string; rawBase64: string };

/** Optional DKIM signing on send. */
export interface SendDkim {
  /** Signing domain (d=). */
  domain: string;
  /** Selector (s=). */
  selector: string;
  /** Private key, PEM (RSA or Ed25519). Never stored, never echoed. */
  privateKeyPem: string;
}

/** A send request. */
export interface SendRequest {
  /** What to send. */
  source: SendSource;
  /** Envelope override; null to derive (captured envelope, or From/To/Cc/Bcc). */
  envelope: { from: string; to: string[] } | null;
  /** The target, or a saved profile's id. */
  target: SendTarget | { profileId: number };
  /** Password or XOAUTH2 token for this send; null to use the profile's stored secret. Never stored by this request. */
  secret: string | null;
  /** DKIM signing; null for none. */
  dkim: SendDkim | null;
}

/** Final state of a send. */
export type SendStatus =
  /** Still running. */
  | 'running'
  /** Every recipient accepted (250 after DATA). */
  | 'delivered'
  /** A transient (4xx) failure: the sender's queue would retry. */
  | 'deferred'
  /** A permanent (5xx) refusal. */
  | 'rejected'
  /** Failed before or outside SMTP replies: DNS, connect, TLS, timeout, cancelled. */
  | 'failed';

/** Durations of the steps, ms (null when the step did not happen). */
export interface SendTimings {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  authMs: number | null;
  dataMs: number | null;
  totalMs: number | null;
}

/** A send as listed. */
export interface SendSummary {
  /** Store id. */
  id: number;
  /** Start, ms since the epoch. */
  startedAt: number;
  /** End; null while running. */
  finishedAt: number | null;
  /** Outcome. */
  status: SendStatus;
  /** "smtp.example.org:587 (STARTTLS)" or "MX of example.org". */
  targetLabel: string;
  /** Envelope used. */
  envelope: { from: string; to: string[] };
  /** Subject of the message sent ("" when none). */
  subject: string;
  /** Message size in bytes. */
  size: number;
  /** Queue id from the final 250 reply when it carried one; null otherwise. */
  queueId: string | null;
  /** The reply or failure that decided the outcome, explained; null while running. */
  explanation: ReplyExplanation | null;
  /** Per-recipient results when they differ (some accepted, some refused). */
  recipients: { address: string; accepted: boolean; reply: string }[];
  /** Step durations. */
  timings: SendTimings;
}

/** A full send record. */
export interface SendRecord extends SendSummary {
  /** The transcript, secrets masked, each reply explained. */
  transcript: TranscriptEntry[];
  /** Where the message came from, for display ("captured #12", "composed", "upload x.eml"). */
  sourceLabel: string;
}

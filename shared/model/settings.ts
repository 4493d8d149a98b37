/** Capture server settings, persisted per workspace. */
export interface CaptureSettings {
  /** Address to listen on. 127.0.0.1 by default; anything else is an explicit choice. */
  host: string;
  /** SMTP port (STARTTLS available). 2525 by default; 0 picks a free port. */
  port: number;
  /** Optional implicit-TLS port; null disables it. */
  tlsPort: number | null;
  /** Largest accepted message in bytes (SIZE); bigger gets 552 and nothing is stored. */
  maxMessageBytes: number;
  /** Authentication: 'optional' accepts any credentials, 'required' needs the configured ones. */
  auth: 'optional' | 'required';
  /** Credentials checked when auth is 'required'. */
  users: { username: string; password: string }[];
  /** Reverse-DNS lookup of clients (off by default: it stalls on hosts without rDNS). */
  reverseDns: boolean;
  /** Keep at most this many messages; oldest are pruned first. */
  maxMessages: number;
  /** Start the capture server when the host starts. */
  autoStart: boolean;
  /**
   * Durability of each commit (default false).
   *
   * false: the database runs WAL with `synchronous=NORMAL`. A message is
   * committed before its `250`, so it survives the Mailscope process being
   * killed (crash, SIGKILL, Ctrl-C); an operating-system crash or power cut
   * may lose the last commits (the ones since the last WAL sync). No disk
   * flush on the 250 path, which is what makes capture fast.
   *
   * true: the `250` also waits until the message is flushed to disk (an
   * fdatasync of the WAL — what SQLite's `synchronous=FULL` does per commit,
   * but run off the SMTP thread), so it also survives an OS crash or power
   * cut. Deliveries finishing while a flush runs share the next one, so this
   * costs each message about one disk flush of latency (≈1–5 ms on typical
   * disks) rather than a flush per message of throughput. Only captured
   * messages are flushed this way; other writes (transcripts, settings,
   * imports) reach the disk with the next flush or checkpoint.
   */
  fsyncEachCommit: boolean;
}

/** Defaults for a new workspace. */
export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = {
  host: '127.0.0.1',
  port: 2525,
  tlsPort: null,
  maxMessageBytes: 25 * 1024 * 1024,
  auth: 'optional',
  users: [],
  reverseDns: false,
  maxMessages: 50_000,
  autoStart: true,
  fsyncEachCommit: false,
};

/** What the capture server is doing right now. */
export interface CaptureStatus {
  /** True when listening. */
  running: boolean;
  /** Address listened on (when running). */
  host: string;
  /** Bound SMTP port (the real one when 0 was asked). */
  port: number;
  /** Bound implicit-TLS port, or null. */
  tlsPort: number | null;
  /** Last start error in plain words (e.g. "Port 2525 is already in use"), or null. */
  error: string | null;
}

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
   * may lose the last commits (the ones since the last WAL sync). No fsync
   * runs on the 250 path, which is what makes capture fast.
   *
   * true: `synchronous=FULL` — every commit fsyncs the WAL before the `250`,
   * so a message also survives an OS crash or power cut. Concurrent
   * deliveries still share one fsync (group commit), but each commit costs a
   * disk flush (≈1–5 ms on typical disks), which caps messages per second.
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

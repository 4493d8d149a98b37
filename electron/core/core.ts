/**
 * The core's public face: one handler per shared/api operation plus an event
 * stream. Built by createCore (create-core.ts); adapted to HTTP by
 * electron/server; hosted by electron/host.
 */
import type { CoreHandlers } from '../../shared/api/contract';
import type { CoreEvent } from '../../shared/api/events';
import type { CaptureSettings } from '../../shared/model/settings';
import type { SecretBridge } from './send/secret-store';

export interface Core extends CoreHandlers {
  /** Listen to core events; returns an unsubscribe function. */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /**
   * Resolves once every committed message is fully indexed: searchable by its
   * body, snippet and attachments known, `message.captured` sent. Captures
   * are indexed in the background right after their 250; tests and scripts
   * await this instead of sleeping.
   */
  idle(): Promise<void>;
  /** Stop the capture server and close the store (flushes WAL). */
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Workspace directory: database, TLS certificate, settings. Created if missing. */
  dataDir: string;
  /** App version reported by getStatus. */
  version: string;
  /** Settings that override the stored ones for this run only (CLI flags). */
  captureOverrides?: Partial<CaptureSettings>;
  /** Start the capture server even if settings say autoStart: false. */
  forceStartCapture?: boolean;
  /** Desktop only: the shell's safeStorage for send-profile secrets (headless: memory, or an opted-in file). */
  secretBridge?: SecretBridge | null;
  /** How often to look for messages written by another process (default 1 000 ms; tests go faster). */
  externalChangeMs?: number;
}

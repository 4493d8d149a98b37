/**
 * One way to run Mailscope's engine, shared by `mailscope serve` and the
 * Electron utility process: open the workspace (createCore), put the HTTP +
 * WebSocket adapter in front of it with a fresh random token, and report
 * where it listens. The token travels only in the URL fragment
 * (`http://127.0.0.1:PORT/#token=…`), which browsers never send to a server.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../core/create-core';
import type { Core } from '../core/core';
import type { SecretBridge } from '../core/send/secret-store';
import type { CaptureSettings, CaptureStatus } from '../../shared/model/settings';
import { createHttpServer } from '../server/http-server';
import type { HttpServerHandle } from '../server/http-server';
import { appVersion, RENDERER_DIR } from './app-info';

export interface StartHostOptions {
  /** Workspace directory; created if missing. */
  dataDir: string;
  /** SMTP port for this run (overrides the stored setting); 0 picks a free one. */
  smtpPort?: number;
  /** SMTP listen address for this run. */
  smtpHost?: string;
  /** HTTP port; 0 (default) picks a free one. */
  httpPort?: number;
  /** HTTP listen address; 127.0.0.1 by default. */
  httpHost?: string;
  /** Start the capture server even if the workspace says autoStart: false (the headless CLI does). */
  forceStartCapture?: boolean;
  /** Built renderer to serve (default dist/renderer). */
  rendererDir?: string;
  /** Diagnostics sink (default stderr). Never receives the token. */
  log?: (line: string) => void;
  /** Desktop: the shell's safeStorage for send-profile secrets (see utility.ts). */
  secretBridge?: SecretBridge;
}

export interface HostHandle {
  /** The URL to open, token included: `http://127.0.0.1:PORT/#token=…`. */
  url: string;
  /** `http://127.0.0.1:PORT` (no token). */
  origin: string;
  /** The per-run API token (also in `url`). */
  token: string;
  /** Bound HTTP port. */
  httpPort: number;
  /** Bound SMTP port, or null when the capture server is not running. */
  smtpPort: number | null;
  /** Capture status after start (its `error` says why it is not running). */
  capture: CaptureStatus;
  /** Absolute workspace directory. */
  dataDir: string;
  core: Core;
  /** Stop HTTP, then the core (capture server, store). Safe to call twice. */
  close(): Promise<void>;
}

export async function startHost(options: StartHostOptions): Promise<HostHandle> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const overrides: Partial<CaptureSettings> = {};
  if (options.smtpPort !== undefined) overrides.port = options.smtpPort;
  if (options.smtpHost !== undefined) overrides.host = options.smtpHost;
  const core = await createCore({
    dataDir,
    version: appVersion(),
    captureOverrides: overrides,
    forceStartCapture: options.forceStartCapture ?? false,
    ...(options.secretBridge ? { secretBridge: options.secretBridge } : {}),
  });
  const token = randomBytes(32).toString('base64url');
  let http: HttpServerHandle;
  try {
    http = await createHttpServer({
      core,
      token,
      rendererDir: options.rendererDir ?? RENDERER_DIR,
      host: options.httpHost ?? '127.0.0.1',
      port: options.httpPort ?? 0,
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  const capture = (await core.getStatus({})).capture;
  let closing: Promise<void> | null = null;
  return {
    url: `${http.origin}/#token=${token}`,
    origin: http.origin,
    token,
    httpPort: http.port,
    smtpPort: capture.running ? capture.port : null,
    capture,
    dataDir,
    core,
    close() {
      closing ??= (async () => {
        try {
          await http.close();
        } finally {
          await core.close();
        }
      })();
      return closing;
    },
  };
}

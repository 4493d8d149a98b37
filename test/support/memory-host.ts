/**
 * The real HTTP + WebSocket server (electron/server) over the in-memory core,
 * on a free loopback port: what renderer unit tests and the dev harness talk
 * to with the real client, fetch and WebSocket.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHttpServer } from '../../electron/server/http-server';
import type { HttpServerHandle } from '../../electron/server/http-server';
import { createMemoryCore } from './memory-core';
import type { MemoryCore } from './memory-core';

export interface MemoryHost {
  core: MemoryCore;
  token: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The URL a browser opens (token in the fragment). */
  url: string;
  handle: HttpServerHandle;
  close(): Promise<void>;
}

export async function startMemoryHost(options: { rendererDir?: string; port?: number; core?: MemoryCore; token?: string } = {}): Promise<MemoryHost> {
  const core = options.core ?? createMemoryCore();
  const token = options.token ?? randomBytes(16).toString('hex');
  let rendererDir = options.rendererDir;
  if (!rendererDir) {
    rendererDir = mkdtempSync(path.join(tmpdir(), 'mailscope-renderer-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  }
  const handle = await createHttpServer({ core, token, rendererDir, port: options.port ?? 0, log: () => undefined });
  return { core, token, origin: handle.origin, url: `${handle.origin}/#token=${token}`, handle, close: () => handle.close() };
}

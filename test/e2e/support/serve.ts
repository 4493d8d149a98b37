/**
 * Starts the real headless host the way CI does — `node dist/host/cli.js
 * serve` on free ports with a fresh data directory — and reads its one JSON
 * line. `npm test` builds dist/ first.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'dist/host/cli.js');

export interface RunningHost {
  /** The URL with `#token=…`, as printed. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  token: string;
  smtpPort: number;
  dataDir: string;
  /** Everything the host wrote to stderr so far (diagnostics). */
  stderr(): string;
  /** Call the API directly (for assertions and setup). */
  api<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startHost(): Promise<RunningHost> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test builds first).`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailscope-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--smtp-port', '0', '--http-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<{ url: string; smtpPort: number; dataDir: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mailscope serve printed no JSON line within 30 s.\nstderr:\n${err}`));
    }, 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, nl)));
      } catch (e) {
        reject(new Error(`serve printed something that is not JSON: ${out.slice(0, nl)} (${String(e)})`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mailscope serve exited with ${code} before it was ready.\nstderr:\n${err}`));
    });
  });
  const url = new URL(line.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const origin = url.origin;
  return {
    url: line.url,
    origin,
    token,
    smtpPort: line.smtpPort,
    dataDir: line.dataDir,
    stderr: () => err,
    async api<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
      const response = await fetch(origin + pathAndQuery, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${pathAndQuery} → ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

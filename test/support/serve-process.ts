/**
 * `mailscope serve` (the built dist/host/cli.js) as a child process, the way
 * CI runs it: wait for its one JSON line, call its API with the token from
 * the URL fragment, stop it with a signal and collect its exit.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(PROJECT_ROOT, 'dist', 'host', 'cli.js');

/** What `serve` prints: exactly one JSON line on stdout. */
export interface ServeLine {
  url: string;
  smtpPort: number;
  dataDir: string;
}

export interface ServeProcess {
  child: ChildProcess;
  line: ServeLine;
  /** Every stdout/stderr byte so far, as text. */
  stdout(): string;
  stderr(): string;
  origin: string;
  httpPort: number;
  token: string;
  /** GET/POST/PUT on the API with the token; JSON in and out. Throws on non-2xx. */
  api<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T>;
  /** Raw bytes of a GET with the token. */
  bytes(pathAndQuery: string): Promise<Buffer>;
  /** Send a signal and wait for the exit (code, signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Fail early with a clear reason when the build is missing (npm test builds first). */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
}

/** Run the CLI to completion (export, import, bad usage). */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mailscope ${args.join(' ')} did not finish in time\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // 'exit' can precede the last 'data' events: let the pipes drain.
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

export async function startServe(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServeProcess> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { cwd: PROJECT_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => setImmediate(() => resolve({ code, signal })));
  });
  const line = await new Promise<ServeLine>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no JSON line in time.\nstdout: ${out}\nstderr: ${err}`));
    }, options.timeoutMs ?? 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, newline)) as ServeLine);
      } catch (error) {
        reject(new Error(`serve's first line is not JSON: ${out.slice(0, newline)} (${(error as Error).message})`));
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code} before it was ready.\nstderr: ${err}`));
    });
  });
  const url = new URL(line.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const call = async (method: string, pathAndQuery: string, body?: unknown): Promise<Response> => {
    const res = await fetch(new URL(pathAndQuery, url.origin), {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`${method} ${pathAndQuery} → ${res.status}: ${await res.text()}`);
    return res;
  };
  return {
    child,
    line,
    stdout: () => out,
    stderr: () => err,
    origin: url.origin,
    httpPort: Number(url.port),
    token,
    api: async <T>(method: string, pathAndQuery: string, body?: unknown) => (await (await call(method, pathAndQuery, body)).json()) as T,
    bytes: async (pathAndQuery) => Buffer.from(await (await call('GET', pathAndQuery)).arrayBuffer()),
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`serve did not exit within ${timeoutMs} ms of ${signal}`)), timeoutMs).unref());
      try {
        return await Promise.race([exited, timer]);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    },
  };
}

/**
 * The SMTP servers the capture benchmark compares, each started as its own
 * child process on loopback with its own temporary state:
 *
 * - Mailscope: `node dist/host/cli.js serve --data DIR --smtp-port 0 --http-port 0`
 *   (the JSON line it prints gives the SMTP port and the tokened API URL);
 * - MailDev (npm `maildev`): SMTP on a free loopback port, web UI disabled,
 *   messages persisted to its own mail directory;
 * - Postfix's smtp-sink: accepts and discards, the protocol ceiling.
 *
 * Every child is tracked so `stopAll()` can end them, also on failure or
 * Ctrl-C. Nothing listens on anything but 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PostfixTools } from './postfix-tools';
import { sinkUserArgs } from './postfix-tools';

export interface RunningServer {
  /** Name used in the tables. */
  name: string;
  port: number;
  pid: number;
  /** How many messages the server has stored, or null for a server that stores nothing. */
  storedCount(): Promise<number | null>;
  /** Wait until work the server does after its 250 (Mailscope's background indexing) is done; returns the ms waited. */
  settle(timeoutMs: number): Promise<number>;
  /** Resident memory of the server process (VmRSS) in bytes, or null where /proc is missing. */
  rss(): number | null;
  /** CPU seconds (user + system, all threads) the server process has used so far, or null where /proc is missing. */
  cpuSeconds(): number | null;
  /** Minor page faults of the server process so far (all threads), or null where /proc is missing. */
  minorFaults(): number | null;
  stop(): Promise<void>;
}

/** A Mailscope server also exposes its HTTP API. */
export interface MailscopeServer extends RunningServer {
  dataDir: string;
  /** The durability setting it actually runs with (read back from /api/settings). */
  fsyncEachCommit: boolean;
  /** Call the API: `GET /api/...` or another method with a JSON body. */
  api<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T>;
}

const children = new Set<ChildProcess>();

/** Stop every child still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, graceMs)));
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Keep the last lines of a child's output for error messages (and drain the pipe). */
function tail(child: ChildProcess): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 20) lines.splice(0, lines.length - 20);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** VmRSS of a process in bytes (Linux), else null. */
export function rssOf(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

let clockTicks: number | null = null;

/** The fields of /proc/PID/stat after the command name (which may contain spaces), from the state on; null where /proc is missing. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** User + system CPU seconds of a process, all threads (Linux /proc/PID/stat), else null. */
export function cpuSecondsOf(pid: number): number | null {
  const fields = statFields(pid);
  if (!fields) return null;
  clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).stdout.trim()) || 100;
  // utime and stime are the 12th and 13th fields from the state on.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/**
 * Minor page faults of a process so far, all threads (/proc/PID/stat's
 * minflt, the 8th field from the state on), else null. A process that is
 * still growing its heaps faults on every fresh page; on this VM a fault
 * costs ~15 µs, so the count says whether a run measured a process at its
 * working size.
 */
export function minorFaultsOf(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? Number(fields[7]) : null;
}

/** A free loopback port (there is a small window before the server takes it; fine on a test machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Wait until something on the port greets with 220 (bounded). */
export async function waitForSmtp(port: number, timeoutMs: number, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before listening:\n${output()}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(2000, () => done(false));
      socket.once('data', (data) => done(data.toString('latin1').startsWith('220')));
      socket.once('error', () => done(false));
    });
    if (greeted) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no SMTP greeting on 127.0.0.1:${port} within ${timeoutMs} ms:\n${output()}`);
}

function countFiles(dir: string, suffix: string, depth = 0): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && depth < 3) count += countFiles(path.join(dir, entry.name), suffix, depth + 1);
    else if (entry.isFile() && entry.name.endsWith(suffix)) count++;
  }
  return count;
}

/** Total size of the files under dir, in bytes. */
export function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirSize(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/**
 * Start `mailscope serve` on a fresh data folder. `fsyncEachCommit` chooses the durability setting
 * (default off: synchronous=NORMAL; on: an fsync before every 250); retention is lifted so pruning
 * never runs during a benchmark.
 */
export async function startMailscope(projectRoot: string, dataDir: string, options: { name?: string; fsyncEachCommit?: boolean } = {}): Promise<MailscopeServer> {
  const cli = path.join(projectRoot, 'dist', 'host', 'cli.js');
  const child = track(
    spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--smtp-port', '0', '--http-port', '0'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const output = tail(child);
  const ready = await new Promise<{ url: string; smtpPort: number }>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`mailscope serve printed no JSON line within 30 s:\n${output()}`)), 30_000);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n')) {
        try {
          const parsed = JSON.parse(line) as { url?: unknown; smtpPort?: unknown };
          if (typeof parsed.url === 'string' && typeof parsed.smtpPort === 'number') {
            clearTimeout(timer);
            child.stdout?.off('data', onData);
            resolve({ url: parsed.url, smtpPort: parsed.smtpPort });
            return;
          }
        } catch {
          // not the JSON line yet
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mailscope serve exited (code ${code}) before it was ready:\n${output()}`));
    });
  });
  const url = new URL(ready.url);
  // The token rides in the fragment; it is used for API calls and never printed.
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const api = async <T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(pathAndQuery, url.origin), {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    if (!res.ok) throw new Error(`${method} ${pathAndQuery.split('?')[0]} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return (await res.json()) as T;
  };
  const settings: Record<string, unknown> = { maxMessages: 10_000_000 };
  if (options.fsyncEachCommit !== undefined) settings.fsyncEachCommit = options.fsyncEachCommit;
  await api('PUT', '/api/settings', { settings });
  const effective = await api<{ fsyncEachCommit?: boolean; maxMessages: number }>('GET', '/api/settings');
  if (options.fsyncEachCommit !== undefined && effective.fsyncEachCommit !== options.fsyncEachCommit) {
    throw new Error(`Mailscope did not take fsyncEachCommit=${options.fsyncEachCommit} (it reports ${String(effective.fsyncEachCommit)})`);
  }
  const status = () => api<{ messageCount: number; indexPending?: number }>('GET', '/api/status');
  return {
    name: options.name ?? 'Mailscope',
    port: ready.smtpPort,
    pid: child.pid as number,
    dataDir,
    fsyncEachCommit: effective.fsyncEachCommit === true,
    api,
    storedCount: async () => (await status()).messageCount,
    settle: async (timeoutMs) => {
      const started = performance.now();
      while (performance.now() - started < timeoutMs) {
        if (((await status()).indexPending ?? 0) === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      return performance.now() - started;
    },
    rss: () => rssOf(child.pid as number),
    cpuSeconds: () => cpuSecondsOf(child.pid as number),
    minorFaults: () => minorFaultsOf(child.pid as number),
    stop: () => stopChild(child, 10_000),
  };
}

export async function startMailDev(projectRoot: string, mailDir: string): Promise<RunningServer> {
  const port = await freePort();
  const bin = path.join(projectRoot, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const child = track(
    spawn(process.execPath, [bin, '--smtp', String(port), '--ip', '127.0.0.1', '--disable-web', '--web-ip', '127.0.0.1', '--mail-directory', mailDir, '--silent'], {
      cwd: mailDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = tail(child);
  await waitForSmtp(port, 30_000, child, output);
  return {
    name: 'MailDev',
    port,
    pid: child.pid as number,
    storedCount: async () => countFiles(mailDir, '.eml'),
    settle: async () => 0,
    rss: () => rssOf(child.pid as number),
    cpuSeconds: () => cpuSecondsOf(child.pid as number),
    minorFaults: () => minorFaultsOf(child.pid as number),
    stop: () => stopChild(child, 5000),
  };
}

export async function startSmtpSink(tools: PostfixTools): Promise<RunningServer> {
  const port = await freePort();
  // Backlog 256 so 16 sessions never queue in the kernel.
  const child = track(spawn(tools.smtpSink, [...sinkUserArgs(), `127.0.0.1:${port}`, '256'], { env: tools.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output = tail(child);
  await waitForSmtp(port, 15_000, child, output);
  return {
    name: 'smtp-sink',
    port,
    pid: child.pid as number,
    storedCount: async () => null,
    settle: async () => 0,
    rss: () => rssOf(child.pid as number),
    cpuSeconds: () => cpuSecondsOf(child.pid as number),
    minorFaults: () => minorFaultsOf(child.pid as number),
    stop: () => stopChild(child, 3000),
  };
}

/** Run smtp-source once: `messages` messages of `size` bytes over `sessions` connections (kept open, -d). */
export async function runSmtpSource(
  tools: PostfixTools,
  options: { port: number; sessions: number; messages: number; size: number; timeoutMs: number },
): Promise<{ elapsedMs: number; error: string | null }> {
  const args = ['-d', '-s', String(options.sessions), '-m', String(options.messages), '-l', String(options.size)];
  args.push('-f', 'bench@loadgen.example.test', '-t', 'inbox@capture.example.test', '-M', 'loadgen.example.test', `127.0.0.1:${options.port}`);
  const started = performance.now();
  const child = track(spawn(tools.smtpSource, args, { env: tools.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output = tail(child);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  const elapsedMs = performance.now() - started;
  const text = output();
  const problem = code !== 0 ? `smtp-source exit ${code ?? 'killed (timeout)'}: ${text.split('\n').slice(-2).join(' ')}` : /fatal|warning/i.test(text) ? text.split('\n').slice(-2).join(' ') : null;
  return { elapsedMs, error: problem };
}

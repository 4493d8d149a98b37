/**
 * `npm run bench:send` — what the transcript recorder costs a send, in one
 * run: the send engine (electron/core/send) sends to a local Mailscope
 * capture server (`mailscope serve` in a child process, so the server's work
 * is not on the sender's clock) with transcript recording on and off,
 * alternating runs, and swaks against the same server for reference.
 *
 * Every send is a test send as the feature makes it: its own connection,
 * EHLO, MAIL, RCPT, DATA, QUIT. Figures, each the median of --runs runs:
 *   - messages/second at 1 and at --concurrency parallel sends;
 *   - the sender's CPU time per message (process.cpuUsage: this process only
 *     runs the sender), which isolates the recorder's own work.
 * On and off run back to back, in alternating order, many times; the cost is
 * the median of the per-pair differences (steadier on a shared machine than
 * comparing two medians). Goal: recording costs < 10 % of messages/second.
 *
 * Loopback only; counts and time bounded; the server and its temporary
 * workspace are removed at the end, on failure and on Ctrl-C.
 * Options: --runs N (11), --messages N (150 sequential), --parallel-messages N
 * (600), --concurrency N (16), --swaks-messages N (20), --quick, --json FILE.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SendTarget } from '../../shared/model/send';
import { runSend } from '../../electron/core/send/send-engine';
import { tableSendDns } from '../../electron/core/send/send-dns';
import { DEFAULT_TARGET } from '../../electron/core/send/target-checks';
import { startMailscope, stopAll } from './servers';
import { fmt, median, table } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..', '..');

interface Options {
  runs: number;
  messages: number;
  parallelMessages: number;
  concurrency: number;
  swaksMessages: number;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 11, messages: 150, parallelMessages: 600, concurrency: 16, swaksMessages: 20, json: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const positive = (v: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0 || n > 100_000) throw new Error(`${arg} needs a whole number from 1 to 100000, not "${v}"`);
      return n;
    };
    if (arg === '--runs') options.runs = positive(value());
    else if (arg === '--messages') options.messages = positive(value());
    else if (arg === '--parallel-messages') options.parallelMessages = positive(value());
    else if (arg === '--concurrency') options.concurrency = positive(value());
    else if (arg === '--swaks-messages') options.swaksMessages = positive(value());
    else if (arg === '--quick') Object.assign(options, { runs: 3, messages: 15, parallelMessages: 64, swaksMessages: 8 });
    else if (arg === '--json') options.json = value();
    else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

/** A 4 KiB plain message, the size of a typical transactional mail. */
function message(i: number): Buffer {
  const body = `${'Benchmark body line for the send engine. '.repeat(2)}\r\n`.repeat(48);
  return Buffer.from(`From: bench@example.test\r\nTo: sink@example.test\r\nSubject: bench ${i}\r\nMessage-ID: <bench-${i}-${Date.now()}@example.test>\r\n\r\n${body}`);
}

interface RunFigure {
  msgsPerSec: number;
  cpuMsPerMsg: number;
  failures: number;
}

/** `count` sends, `concurrency` at a time, with recording on or off. */
async function runEngine(target: SendTarget, count: number, concurrency: number, record: boolean): Promise<RunFigure> {
  const dns = tableSendDns({});
  let next = 0;
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const result = await runSend({ target, secret: null, envelope: { from: 'bench@example.test', to: ['sink@example.test'] }, raw: message(i) }, { dns, record });
      if (result.status !== 'delivered') failures++;
      if (record && result.transcript.length < 10) throw new Error('recording on but the transcript is short');
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { msgsPerSec: count / seconds, cpuMsPerMsg: (cpu.user + cpu.system) / 1000 / count, failures };
}

function swaksOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('swaks', ['--server', '127.0.0.1', '--port', String(port), '--from', 'bench@example.test', '--to', 'sink@example.test', '--helo', 'bench.test', '--header', 'Subject: swaks bench', '--body', 'Benchmark body.', '--silent', '2'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

async function runSwaks(port: number, count: number, concurrency: number): Promise<RunFigure> {
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      if (!(await swaksOnce(port))) failures++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { msgsPerSec: count / ((performance.now() - t0) / 1000), cpuMsPerMsg: Number.NaN, failures };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'mailscope-bench-send-'));
  const cleanup = async (): Promise<void> => {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    const server = await startMailscope(projectRoot, path.join(workDir, 'ws'));
    const target: SendTarget = { ...DEFAULT_TARGET, host: '127.0.0.1', port: server.port, security: 'none', helo: 'bench.test' };
    const hasSwaks = await swaksOnce(server.port);
    process.stderr.write(`bench:send — capture server on 127.0.0.1:${server.port}; ${options.runs} runs; swaks ${hasSwaks ? 'found' : 'NOT available (skipped)'}\n`);

    // Warm-up (JIT, the explainer's reply cache, the server's first commits): both modes, twice.
    for (const record of [true, false, true, false]) await runEngine(target, 16, 8, record);

    const figures = new Map<string, RunFigure[]>();
    const add = (key: string, figure: RunFigure): void => void figures.set(key, [...(figures.get(key) ?? []), figure]);
    for (let run = 0; run < options.runs; run++) {
      // Alternate the order so drift on a shared machine does not favour one mode.
      const order = run % 2 === 0 ? [true, false] : [false, true];
      for (const record of order) add(`seq ${record}`, await runEngine(target, options.messages, 1, record));
      for (const record of order) add(`par ${record}`, await runEngine(target, options.parallelMessages, options.concurrency, record));
      if (hasSwaks && run < Math.min(3, options.runs)) {
        add('swaks seq', await runSwaks(server.port, options.swaksMessages, 1));
        add('swaks par', await runSwaks(server.port, options.swaksMessages * 4, options.concurrency));
      }
      process.stderr.write(`  run ${run + 1}/${options.runs} done\n`);
    }

    const med = (key: string, field: keyof RunFigure): number => median((figures.get(key) ?? []).map((f) => f[field]));
    const failures = [...figures.values()].flat().reduce((n, f) => n + f.failures, 0);
    // Relative to recording off: extra CPU per message, or throughput lost.
    const cost = (on: number, off: number, higherIsBetter: boolean): string => (Number.isFinite(on) && Number.isFinite(off) ? `${fmt(((higherIsBetter ? off - on : on - off) / off) * 100, 1)} %` : '–');
    const rows = [
      ['Mailscope, transcript on', '1', fmt(med('seq true', 'msgsPerSec'), 1), fmt(med('seq true', 'cpuMsPerMsg'), 2)],
      ['Mailscope, transcript off', '1', fmt(med('seq false', 'msgsPerSec'), 1), fmt(med('seq false', 'cpuMsPerMsg'), 2)],
      ['Mailscope, transcript on', String(options.concurrency), fmt(med('par true', 'msgsPerSec'), 1), fmt(med('par true', 'cpuMsPerMsg'), 2)],
      ['Mailscope, transcript off', String(options.concurrency), fmt(med('par false', 'msgsPerSec'), 1), fmt(med('par false', 'cpuMsPerMsg'), 2)],
      ...(hasSwaks
        ? [
            ['swaks 20201014 (reference)', '1', fmt(med('swaks seq', 'msgsPerSec'), 1), '–'],
            ['swaks 20201014 (reference)', String(options.concurrency), fmt(med('swaks par', 'msgsPerSec'), 1), '–'],
          ]
        : []),
    ];
    // Paired by run (on and off ran back to back): steadier than comparing two medians on a busy machine.
    // Cost of recording in one pair, as a fraction of the figure with recording off (positive = recording is worse).
    const pairedCost = (key: string, field: keyof RunFigure): number => {
      const on = figures.get(`${key} true`) ?? [];
      const off = figures.get(`${key} false`) ?? [];
      const sign = field === 'msgsPerSec' ? -1 : 1;
      return median(on.map((f, i) => (sign * (f[field] - (off[i]?.[field] ?? Number.NaN))) / (off[i]?.[field] ?? Number.NaN)));
    };
    const paired = (key: string, field: keyof RunFigure = 'cpuMsPerMsg'): string => `${fmt(pairedCost(key, field) * 100, 1)} %`;
    const goalMet = pairedCost('seq', 'msgsPerSec') < 0.1 && pairedCost('par', 'msgsPerSec') < 0.1;
    const summary = {
      recordingCostThroughputSequentialPaired: paired('seq', 'msgsPerSec'),
      recordingCostThroughputParallelPaired: paired('par', 'msgsPerSec'),
      goalMet,
      recordingCostCpuSequentialPaired: paired('seq'),
      recordingCostCpuParallelPaired: paired('par'),
      recordingCostCpuSequential: cost(med('seq true', 'cpuMsPerMsg'), med('seq false', 'cpuMsPerMsg'), false),
      recordingCostCpuParallel: cost(med('par true', 'cpuMsPerMsg'), med('par false', 'cpuMsPerMsg'), false),
      recordingCostThroughputSequential: cost(med('seq true', 'msgsPerSec'), med('seq false', 'msgsPerSec'), true),
      recordingCostThroughputParallel: cost(med('par true', 'msgsPerSec'), med('par false', 'msgsPerSec'), true),
    };
    process.stdout.write(`\n${table(['sender → local capture server', 'parallel', 'msgs/s', 'sender CPU ms/msg'], rows)}\n\n`);
    process.stdout.write(
      `Transcript recording cost, median of ${options.runs} back-to-back pairs: messages/s ${summary.recordingCostThroughputSequentialPaired} sequential, ${summary.recordingCostThroughputParallelPaired} at ${options.concurrency} parallel; ` +
        `sender CPU per message ${summary.recordingCostCpuSequentialPaired} / ${summary.recordingCostCpuParallelPaired}. ` +
        `(From the medians above: messages/s ${summary.recordingCostThroughputSequential} / ${summary.recordingCostThroughputParallel}; CPU ${summary.recordingCostCpuSequential} / ${summary.recordingCostCpuParallel}.)\n`,
    );
    process.stdout.write(`Goal (issue 5): recording costs < 10 % of messages/s, sequential and parallel: ${goalMet ? 'MET' : 'NOT MET'}.\n`);
    process.stdout.write(`Medians of ${options.runs} runs (${options.messages} sequential / ${options.parallelMessages} parallel messages per run, 4 KiB each; swaks ${options.swaksMessages} / ${options.swaksMessages * 4}). Failed sends: ${failures}. Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.\n`);
    if (options.json) writeFileSync(options.json, JSON.stringify({ options, rows, summary, failures, runs: Object.fromEntries(figures) }, null, 2));
    if (failures > 0) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:send failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});

/**
 * npm run bench:faults — what fault injection costs the capture server.
 *
 * 1. The checks alone (FaultEngine, no sockets): time per message for the
 *    decisions a message goes through (connect, EHLO, MAIL + rate limit,
 *    RCPT, DATA, after DATA) with no rules, with 20 enabled rules that never
 *    match, and with the rate limit on. Steady on a busy machine.
 * 2. End to end: messages per second through the real core (createCore on
 *    loopback, nodemailer pool of 4 connections) with no rules and with the
 *    20 non-matching rules + rate limit, runs alternated, medians shown. On a
 *    shared machine this number is noisy; the first figure is the one to
 *    compare over time.
 *
 * Goal: with no rules, nothing measurable; with 20 rules, a few µs per
 * message — well under 1 % of what storing a message costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { FaultEngine } from '../../electron/core/capture/fault-engine';
import { createCore } from '../../electron/core/create-core';
import { DEFAULT_RATE_LIMIT } from '../../shared/faults/fault-rules';
import type { FaultRule, FaultSettings, FaultStage } from '../../shared/model/faults';
import { fmt, median, table } from './stats';

const STAGES: FaultStage[] = ['mail', 'rcpt', 'data', 'after-data'];
const RULES: FaultRule[] = Array.from({ length: 20 }, (_, i) => ({
  id: '',
  enabled: true,
  stage: STAGES[i % STAGES.length] as FaultStage,
  sender: `nobody-${i}@*.test`,
  recipient: '',
  failFirst: 0,
  hits: 0,
  action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'never sent' },
}));
const LIMIT_ON = { ...DEFAULT_RATE_LIMIT, enabled: true, maxMessages: 1_000_000, windowSeconds: 60 };

const CONFIGS: { name: string; faults: FaultSettings }[] = [
  { name: 'no rules', faults: { rules: [], rateLimit: DEFAULT_RATE_LIMIT } },
  { name: '20 non-matching rules', faults: { rules: RULES, rateLimit: DEFAULT_RATE_LIMIT } },
  { name: 'rate limit on', faults: { rules: [], rateLimit: LIMIT_ON } },
  { name: '20 rules + rate limit', faults: { rules: RULES, rateLimit: LIMIT_ON } },
];

function checksPerMessage(faults: FaultSettings, messages: number): number {
  const engine = new FaultEngine();
  engine.set(faults);
  const context = { clientAddress: '127.0.0.1', sender: 'app@sender.test', recipients: ['user@rcpt.test'] };
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < messages; i++) {
      engine.decide('connect', context);
      engine.decide('ehlo', context);
      engine.decide('mail', context);
      engine.rateLimit(context.clientAddress);
      engine.decide('rcpt', context);
      engine.decide('data', context);
      engine.decide('after-data', context);
    }
    samples.push(Number(process.hrtime.bigint() - started) / messages / 1000);
  }
  return median(samples.slice(1));
}

async function throughput(port: number, messages: number): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, pool: true, maxConnections: 4, maxMessages: Infinity });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < messages) {
        next++;
        await transport.sendMail({ from: 'app@sender.test', to: 'user@rcpt.test', subject: 'bench', text: 'hello' });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return messages / seconds;
}

async function main(): Promise<void> {
  const messages = Number(process.env.FAULT_BENCH_MESSAGES ?? 1000);
  console.log(`bench:faults on ${os.cpus().length} CPU(s), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}\n`);

  console.log('1. Fault checks per message (FaultEngine, no sockets)');
  console.log(table(['configuration', 'µs per message'], CONFIGS.map((c) => [c.name, fmt(checksPerMessage(c.faults, 200_000), 2)])));

  const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-bench-faults-'));
  const core = await createCore({ dataDir: dir, version: 'bench', captureOverrides: { port: 0, maxMessages: 1_000_000 } });
  try {
    const port = (await core.getStatus({})).capture.port;
    const rounds: Record<string, number[]> = { none: [], rules: [] };
    await throughput(port, Math.min(200, messages)); // warm-up
    for (let round = 0; round < 3; round++) {
      await core.setFaults({ faults: CONFIGS[0]!.faults });
      rounds.none!.push(await throughput(port, messages));
      await core.setFaults({ faults: CONFIGS[3]!.faults });
      rounds.rules!.push(await throughput(port, messages));
      await core.idle();
    }
    console.log(`\n2. Capture throughput, ${messages} messages per run, 3 runs each, alternated (nodemailer pool of 4 over loopback)`);
    console.log(
      table(
        ['configuration', 'median msgs/s', 'runs'],
        [
          ['no rules', fmt(median(rounds.none!)), rounds.none!.map((v) => fmt(v)).join(' / ')],
          ['20 rules + rate limit', fmt(median(rounds.rules!)), rounds.rules!.map((v) => fmt(v)).join(' / ')],
        ],
      ),
    );
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

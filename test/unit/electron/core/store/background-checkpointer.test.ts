/**
 * WAL checkpoints on a worker thread (the real worker from the sources,
 * through tsx's loader): with it, the WAL stays small while the main
 * connection never checkpoints; without it the same writes grow the WAL;
 * a worker that cannot open the database leaves checkpoints where they were.
 */
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { BackgroundCheckpointer, type CheckpointWorkerData, type CheckpointWorkerMessage } from '../../../../../electron/core/store/background-checkpointer';
import { makeIndex, makeMessage, tempStore, type TempStore } from './store-helpers';

const WORKER_SOURCE = new URL('../../../../../electron/core/store/checkpoint-worker.ts', import.meta.url);
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const BODY = 'x'.repeat(11 * 1024);

/** Ten rounds of 30 × 11 KB messages (≈ 1 300 WAL pages in all); `between` runs after each round. */
async function write(t: TempStore, between: () => Promise<void>): Promise<number> {
  let biggestWal = 0;
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < 30; i++) t.store.insertMessage(makeMessage(`Subject: r${round} m${i}\r\n\r\n${BODY}`), makeIndex());
    biggestWal = Math.max(biggestWal, statSync(`${t.dbPath}-wal`).size);
    await between();
  }
  return biggestWal;
}

function start(
  t: TempStore,
  options: { file?: URL | string; restartFrames?: number; mainThresholdPages?: number; intervalMs?: number } = {},
): BackgroundCheckpointer {
  const checkpointer = new BackgroundCheckpointer({
    file: options.file ?? WORKER_SOURCE,
    execArgv: ['--import', 'tsx'],
    store: t.store,
    dbPath: t.dbPath,
    intervalMs: options.intervalMs ?? 10,
    restartFrames: options.restartFrames ?? 100,
    mainThresholdPages: options.mainThresholdPages ?? 100_000,
    log: () => undefined,
  });
  cleanup.push(() => checkpointer.close());
  return checkpointer;
}

describe('BackgroundCheckpointer', () => {
  it('keeps the WAL small from its own thread while the main connection does no checkpoint', async () => {
    const control = tempStore();
    cleanup.push(() => control.dispose());
    control.store.setCheckpointThreshold(0);
    const unchecked = await write(control, async () => undefined);

    const t = tempStore();
    cleanup.push(() => t.dispose());
    const checkpointer = start(t);
    await until(() => checkpointer.active);
    const checked = await write(t, async () => {
      const before = checkpointer.checkpoints;
      await until(() => checkpointer.checkpoints > before);
    });
    expect(checkpointer.checkpoints).toBeGreaterThanOrEqual(10);
    // Without checkpoints the WAL holds every page written (> 5 MB); with them it restarts every round.
    expect(unchecked).toBeGreaterThan(5_000_000);
    expect(checked).toBeLessThan(unchecked / 3);
    expect(t.store.count().total).toBe(300);
    await checkpointer.close();
    expect(checkpointer.active).toBe(false);
  }, 60_000);

  it('keeps up with steady writes that do not wait for it (a capture burst), restarting the WAL as it goes', async () => {
    const t = tempStore();
    cleanup.push(() => t.dispose());
    const checkpointer = start(t, { restartFrames: 500, mainThresholdPages: 2000, intervalMs: 50 });
    await until(() => checkpointer.active);
    // 1 000 messages (≈ 14 000 WAL pages, 58 MB unchecked), ten per millisecond-long turn.
    let biggest = 0;
    for (let i = 0; i < 1000; i++) {
      t.store.insertMessage(makeMessage(`Subject: m${i}\r\n\r\n${BODY}`), makeIndex());
      if (i % 10 === 0) {
        biggest = Math.max(biggest, statSync(`${t.dbPath}-wal`).size);
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    expect(t.store.count().total).toBe(1000);
    expect(biggest).toBeLessThan(20_000_000);
  }, 60_000);

  it('makes the WAL start over through a quiet moment: commits are held briefly, never slept on', async () => {
    const t = tempStore();
    cleanup.push(() => t.dispose());
    const checkpointer = start(t, { restartFrames: 300, mainThresholdPages: 100_000, intervalMs: 20 });
    // The writer below stands in for the GroupCommitter: it commits only while not held.
    let held = 0;
    const holds: { start: number; end: number | null }[] = [];
    checkpointer.setWriteHold(() => {
      held++;
      const hold = { start: performance.now(), end: null as number | null };
      holds.push(hold);
      return () => {
        held--;
        hold.end = performance.now();
      };
    });
    await until(() => checkpointer.active);
    let biggest = 0;
    let written = 0;
    const end = Date.now() + 20_000;
    while (written < 600 && Date.now() < end) {
      if (held === 0) {
        for (let i = 0; i < 5; i++) t.store.insertMessage(makeMessage(`Subject: m${written++}\r\n\r\n${BODY}`), makeIndex());
        biggest = Math.max(biggest, statSync(`${t.dbPath}-wal`).size);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(written).toBe(600);
    await until(() => held === 0, 1000); // the last quiet pass may still be running
    expect(checkpointer.quietPasses).toBeGreaterThan(0);
    expect(checkpointer.quietRestarts).toBeGreaterThan(0);
    // Every hold was released, and none lasted anywhere near a sleeping busy handler's worst case.
    expect(holds.length).toBe(checkpointer.quietPasses);
    expect(holds.every((h) => h.end !== null)).toBe(true);
    expect(Math.max(...holds.map((h) => (h.end as number) - h.start))).toBeLessThan(150);
    // The same 600 messages without any checkpoint: the WAL holds them all; with the quiet passes it started over.
    const control = tempStore();
    cleanup.push(() => control.dispose());
    control.store.setCheckpointThreshold(0);
    for (let i = 0; i < 600; i++) control.store.insertMessage(makeMessage(`Subject: m${i}\r\n\r\n${BODY}`), makeIndex());
    const unchecked = statSync(`${control.dbPath}-wal`).size;
    expect(unchecked).toBeGreaterThan(8_000_000);
    expect(biggest).toBeLessThan(unchecked * 0.75);
    await checkpointer.close();
    expect(held).toBe(0);
  }, 60_000);

  it('falls back to RESTART when its requests for a quiet moment go unanswered', async () => {
    const t = tempStore();
    cleanup.push(() => t.dispose());
    // The worker alone, with a main side that never answers `quiet-please`.
    const data: CheckpointWorkerData = { dbPath: t.dbPath, intervalMs: 10, restartFrames: 100, quietAnswerMs: 50 };
    const worker = new Worker(WORKER_SOURCE, { workerData: data, execArgv: ['--import', 'tsx'] });
    cleanup.push(async () => {
      await worker.terminate();
    });
    const seen: CheckpointWorkerMessage[] = [];
    worker.on('message', (message: CheckpointWorkerMessage) => seen.push(message));
    await until(() => seen.some((m) => m.type === 'ready'));
    const end = Date.now() + 20_000;
    let i = 0;
    while (!seen.some((m) => m.type === 'checkpointed' && m.restarted) && Date.now() < end) {
      t.store.insertMessage(makeMessage(`Subject: m${i++}\r\n\r\n${BODY}`), makeIndex());
      await new Promise((r) => setTimeout(r, 5));
    }
    const asked = seen.filter((m) => m.type === 'quiet-please');
    expect(asked.length).toBeGreaterThanOrEqual(3);
    // Each request came after the worker had flushed the database file itself, outside any hold.
    expect(asked.every((m) => m.flushed)).toBe(true);
    expect(seen.some((m) => m.type === 'checkpointed' && m.restarted)).toBe(true);
  }, 30_000);

  it('leaves checkpoints to the main connection when the worker cannot open the database', async () => {
    const t = tempStore();
    cleanup.push(() => t.dispose());
    const checkpointer = new BackgroundCheckpointer({
      file: WORKER_SOURCE,
      execArgv: ['--import', 'tsx'],
      store: t.store,
      dbPath: `${t.dir}/missing-dir/nope.db`,
      log: () => undefined,
    });
    cleanup.push(() => checkpointer.close());
    await new Promise((r) => setTimeout(r, 1500));
    expect(checkpointer.active).toBe(false);
    // Still fine to write: SQLite's own checkpoints never went away.
    t.store.insertMessage(makeMessage('after'), makeIndex());
    expect(t.store.count().total).toBe(1);
  }, 30_000);
});

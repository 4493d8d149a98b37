/**
 * The capture writer thread for real (electron/core/store/writer-worker.ts
 * through tsx's loader): commits answer with ids the SMTP thread's own
 * connection can read, indexing and message.captured follow, fsyncEachCommit
 * reaches the thread, and a dead writer thread hands over to this thread —
 * refusing only what it had not answered.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../../../shared/api/events';
import { mainThreadBackend } from '../../../../../electron/core/indexer/index-backend';
import { InThreadCaptureWriter } from '../../../../../electron/core/store/capture-writer';
import { WorkerCaptureWriter } from '../../../../../electron/core/store/worker-capture-writer';
import { makeEnvelope, tempStore, type TempStore } from './store-helpers';

const WRITER_SOURCE = new URL('../../../../../electron/core/store/writer-worker.ts', import.meta.url);
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function message(i: number, extra = ''): Uint8Array {
  return new Uint8Array(Buffer.from(`From: S${i} <s${i}@example.test>\r\nSubject: writer ${i}\r\n${extra}\r\nbody number${i}\r\n`));
}

function start(t: TempStore, file: URL | string = WRITER_SOURCE) {
  const events: CoreEvent[] = [];
  const logs: string[] = [];
  const emit = (e: CoreEvent): void => {
    events.push(e);
  };
  const writer = new WorkerCaptureWriter({
    file,
    execArgv: ['--import', 'tsx'],
    data: { dbPath: t.dbPath, fsyncEachCommit: false, gatherMs: 0, checkpointThreshold: null },
    emit,
    fallback: () => new InThreadCaptureWriter({ store: t.store, backend: mainThreadBackend(), emit }),
    log: (line) => logs.push(line),
  });
  cleanup.push(() => writer.close());
  return { writer, events, logs };
}

describe('WorkerCaptureWriter', () => {
  it('commits on its thread (ids readable here at once), then indexes and announces each message', async () => {
    const t = tempStore();
    cleanup.push(() => t.dispose());
    const { writer, events } = start(t);
    expect(writer.kind).toBe('worker');
    const ids = await Promise.all([1, 2, 3].map((i) => writer.commit({ raw: message(i), envelope: makeEnvelope('env@example.test', ['r@example.test']), sessionId: null })));
    expect(new Set(ids).size).toBe(3);
    // Committed before the promise resolved: this thread's connection sees the rows and the exact bytes.
    expect(t.store.getSummary(ids[1]!)).toMatchObject({ subject: 'writer 2', source: 'smtp', mailFrom: 'env@example.test' });
    expect(Buffer.from(t.store.getRaw(ids[0]!)!).toString()).toContain('body number1');
    await writer.idle();
    expect(t.store.unindexedCount()).toBe(0);
    expect(t.store.listMessages('number3', 0, 10).items.map((m) => m.id)).toEqual([ids[2]]);
    expect(events.map((e) => (e.type === 'message.captured' ? [e.message.id, e.message.snippet] : null))).toEqual(ids.map((id, i) => [id, `body number${i + 1}`]));
  }, 60_000);

  it('flushes to disk when fsyncEachCommit is on (set at start or later) and still commits', async () => {
    const t = tempStore();
    cleanup.push(() => t.dispose());
    const { writer } = start(t);
    writer.setFsyncEachCommit(true);
    const id = await writer.commit({ raw: message(7), envelope: makeEnvelope('a@example.test', ['b@example.test']), sessionId: null });
    expect(t.store.getSummary(id)?.subject).toBe('writer 7');
  }, 60_000);

  it('hands over to this thread when the writer thread dies: unanswered commits are refused, later ones stored here', async () => {
    const t = tempStore();
    cleanup.push(() => t.dispose());
    const dying = path.join(t.dir, 'dying.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { if (m.type === 'commit') process.exit(9); });\n");
    const { writer, logs } = start(t, pathToFileURL(dying));
    await expect(writer.commit({ raw: message(1), envelope: makeEnvelope('a@example.test', ['b@example.test']), sessionId: null })).rejects.toThrow(/stopped|exit/);
    expect(writer.kind).toBe('in-thread');
    expect(logs.join('\n')).toMatch(/writer thread failed.*main thread/);
    const id = await writer.commit({ raw: message(2), envelope: makeEnvelope('a@example.test', ['b@example.test']), sessionId: null });
    expect(t.store.getSummary(id)?.subject).toBe('writer 2');
    await writer.idle();
    expect(t.store.unindexedCount()).toBe(0);
  }, 60_000);
});

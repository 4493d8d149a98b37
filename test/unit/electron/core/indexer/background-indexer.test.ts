/**
 * The background indexer over a real store and the real parser: messages
 * committed with their header summary are parsed, stored and announced;
 * what a crash left unindexed is picked up at start; batches stay bounded;
 * a dead worker hands over to the main thread; deleted messages are skipped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../../../shared/api/events';
import { BackgroundIndexer } from '../../../../../electron/core/indexer/background-indexer';
import { mainThreadBackend, type IndexBackend } from '../../../../../electron/core/indexer/index-backend';
import { WorkerIndexBackend } from '../../../../../electron/core/indexer/worker-backend';
import { summarizeHeaders } from '../../../../../electron/core/mime/index-message';
import { openMessageStore } from '../../../../../electron/core/store/message-store';
import type { MessageStore } from '../../../../../electron/core/store/types';
import { crlf } from '../mime/fixtures';
import { makeEnvelope } from '../store/store-helpers';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function openStore(): { store: MessageStore; dbPath: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-indexer-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = path.join(dir, 'mailscope.db');
  const store = openMessageStore(dbPath);
  cleanup.push(() => store.close());
  return { store, dbPath };
}

/** Commit messages the way the capture server does: header summary only. */
function capture(store: MessageStore, count: number, body = (i: number) => `body word${i}`): number[] {
  const batch = Array.from({ length: count }, (_, i) => {
    const raw = crlf(`From: Sender ${i} <s${i}@example.test>`, `Subject: message ${i}`, '', body(i));
    return { message: { raw, envelope: makeEnvelope('env@example.test', ['rcpt@example.test']), source: 'smtp' as const, sessionId: null }, headers: summarizeHeaders(raw) };
  });
  return store.insertMessages(batch).map((s) => s.id);
}

function start(store: MessageStore, backend: IndexBackend, options: { maxBatch?: number; maxBatchBytes?: number; gatherMs?: number } = {}) {
  const events: CoreEvent[] = [];
  const logs: string[] = [];
  const indexer = new BackgroundIndexer({ store, backend, emit: (e) => events.push(e), log: (line) => logs.push(line), ...options });
  // Closed before the store (cleanup runs in reverse).
  cleanup.push(() => indexer.close());
  return { indexer, events, logs };
}

/** The real main-thread backend, recording the batch sizes it is given. */
function recording(): { backend: IndexBackend; batches: number[] } {
  const inner = mainThreadBackend();
  const batches: number[] = [];
  return {
    batches,
    backend: {
      kind: inner.kind,
      index: (items) => {
        batches.push(items.length);
        return inner.index(items);
      },
      close: () => inner.close(),
    },
  };
}

describe('BackgroundIndexer', () => {
  it('indexes what a previous run left unindexed, in bounded batches, and announces each message once', async () => {
    const { store } = openStore();
    const ids = capture(store, 7);
    expect(store.unindexedCount()).toBe(7);
    const { backend, batches } = recording();
    const { indexer, events } = start(store, backend, { maxBatch: 3 });
    indexer.kick();
    await indexer.idle();
    expect(batches).toEqual([3, 3, 1]);
    expect(store.unindexedCount()).toBe(0);
    expect(events.map((e) => (e.type === 'message.captured' ? e.message.id : null))).toEqual(ids);
    expect(store.getSummary(ids[4]!)).toMatchObject({ subject: 'message 4', snippet: 'body word4', from: [{ name: 'Sender 4', address: 's4@example.test' }] });
    expect(store.listMessages('word4', 0, 10).items.map((m) => m.id)).toEqual([ids[4]]);
  });

  it('caps a batch by raw bytes but always takes at least one message', async () => {
    const { store } = openStore();
    capture(store, 4, (i) => `${'x'.repeat(3000)} ${i}`);
    const { backend, batches } = recording();
    const { indexer } = start(store, backend, { maxBatchBytes: 7000 });
    indexer.kick();
    await indexer.idle();
    expect(batches).toEqual([2, 2]);
    capture(store, 1, () => 'y'.repeat(10_000));
    const small = start(store, recording().backend, { maxBatchBytes: 100 });
    small.indexer.kick();
    await small.indexer.idle();
    expect(store.unindexedCount()).toBe(0);
  });

  it('picks up messages committed while a batch is being parsed (kicks during a run are not lost)', async () => {
    const { store } = openStore();
    const { indexer, events } = start(store, mainThreadBackend());
    capture(store, 2);
    indexer.kick();
    for (let round = 0; round < 5; round++) {
      await new Promise((r) => setImmediate(r));
      capture(store, 3);
      indexer.kick();
    }
    await indexer.idle();
    expect(store.unindexedCount()).toBe(0);
    expect(events).toHaveLength(17);
  });

  it('with gatherMs, waits briefly for more captures so a burst becomes one batch', async () => {
    const { store } = openStore();
    const { backend, batches } = recording();
    const { indexer, events } = start(store, backend, { gatherMs: 50 });
    capture(store, 1);
    indexer.kick();
    await new Promise((r) => setTimeout(r, 5));
    capture(store, 4);
    indexer.kick();
    await indexer.idle();
    expect(batches).toEqual([5]);
    expect(events).toHaveLength(5);
  });

  it('skips messages deleted before they were parsed, without announcing them', async () => {
    const { store } = openStore();
    const ids = capture(store, 3);
    store.deleteMessages([ids[1]!]);
    const { indexer, events } = start(store, mainThreadBackend());
    indexer.kick();
    await indexer.idle();
    expect(events.map((e) => (e.type === 'message.captured' ? e.message.id : null))).toEqual([ids[0], ids[2]]);
  });

  it('parses on the main thread from then on when the worker dies, and says so', async () => {
    const { store } = openStore();
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-worker-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dying = path.join(dir, 'dying.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
    const ids = capture(store, 3);
    const { indexer, events, logs } = start(store, new WorkerIndexBackend(pathToFileURL(dying)));
    expect(indexer.kind).toBe('worker');
    indexer.kick();
    await indexer.idle();
    expect(indexer.kind).toBe('main-thread');
    expect(logs.join('\n')).toMatch(/index worker failed .*exit code 3.*main thread/);
    expect(events).toHaveLength(3);
    expect(store.getSummary(ids[2]!)?.snippet).toBe('body word2');
  });

  it('after close writes nothing more: the batch in flight stays unindexed for the next start', async () => {
    const { store } = openStore();
    capture(store, 5);
    const { indexer, events } = start(store, mainThreadBackend());
    indexer.kick();
    await indexer.close();
    expect(events).toHaveLength(0);
    expect(store.unindexedCount()).toBe(5);
    indexer.kick(); // ignored once closed
    await indexer.idle();
    expect(store.unindexedCount()).toBe(5);
  });
});

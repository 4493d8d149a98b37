/**
 * The index worker for real: a worker_threads worker running
 * electron/core/indexer/worker.ts (through tsx's loader, since the sources are
 * TypeScript; the built dist/host/index-worker.js is checked by the
 * integration tests), how the core finds the built file, and what happens
 * when a worker dies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { indexMessage } from '../../../../../electron/core/mime/index-message';
import { findIndexWorker, WORKER_FILE, WorkerIndexBackend } from '../../../../../electron/core/indexer/worker-backend';
import { crlf, fixture } from '../mime/fixtures';

const WORKER_SOURCE = new URL('../../../../../electron/core/indexer/worker.ts', import.meta.url);
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

function sourceWorker(): WorkerIndexBackend {
  const backend = new WorkerIndexBackend(WORKER_SOURCE, ['--import', 'tsx']);
  cleanup.push(() => backend.close());
  return backend;
}

describe('WorkerIndexBackend', () => {
  it('indexes in a worker thread exactly as on the main thread, batches in order', async () => {
    const backend = sourceWorker();
    expect(backend.kind).toBe('worker');
    const raws = [fixture('plain-text.eml'), fixture('attachments.eml'), fixture('html-alternative.eml')];
    const expected = await Promise.all(raws.map((raw) => indexMessage(raw)));
    const results = await backend.index(raws.map((raw, i) => ({ id: 10 + i, raw: new Uint8Array(raw) })));
    expect(results).toEqual(expected.map((index, i) => ({ id: 10 + i, index })));
    const again = await backend.index([{ id: 99, raw: crlf('Subject: second batch', '', 'body') }]);
    expect(again).toEqual([{ id: 99, index: expect.objectContaining({ subject: 'second batch', snippet: 'body' }) }]);
  }, 30_000);

  it('rejects pending and later batches when the worker dies, and after close', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-worker-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dying = path.join(dir, 'dying.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(7));\n");
    const backend = new WorkerIndexBackend(pathToFileURL(dying));
    cleanup.push(() => backend.close());
    await expect(backend.index([{ id: 1, raw: crlf('Subject: x', '', 'y') }])).rejects.toThrow(/exit code 7/);
    await expect(backend.index([{ id: 2, raw: crlf('Subject: x', '', 'y') }])).rejects.toThrow(/exit code 7/);

    const closed = sourceWorker();
    await closed.close();
    await expect(closed.index([{ id: 3, raw: crlf('Subject: x', '', 'y') }])).rejects.toThrow(/closed/);
  }, 30_000);
});

describe('findIndexWorker', () => {
  it('finds the built worker beside the host bundle or one folder up from a split chunk, and nothing from the sources', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-dist-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(path.join(dir, 'host', 'chunks'), { recursive: true });
    writeFileSync(path.join(dir, 'host', WORKER_FILE), '');
    const worker = pathToFileURL(path.join(dir, 'host', WORKER_FILE)).href;
    expect(findIndexWorker(pathToFileURL(path.join(dir, 'host', 'cli.js')))?.href).toBe(worker);
    expect(findIndexWorker(pathToFileURL(path.join(dir, 'host', 'chunks', 'create-core-X.js')))?.href).toBe(worker);
    expect(findIndexWorker(pathToFileURL(path.join(dir, 'elsewhere.js')))).toBeNull();
    // Run from the sources (as here), the core parses on the main thread.
    expect(findIndexWorker()).toBeNull();
  });
});

/**
 * Deferred indexing in the built app (dist/host/cli.js serve): captures are
 * acknowledged before MIME parsing, parsed in a worker thread (the bundled
 * dist/host/index-worker.js), and a workspace holding messages that a killed
 * process left unindexed gets them indexed at the next start.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerIndexBackend } from '../../electron/core/indexer/worker-backend';
import { indexMessage, indexPlainText, summarizeHeaders } from '../../electron/core/mime/index-message';
import { openMessageStore } from '../../electron/core/store/message-store';
import type { HostStatus, MessagePage } from '../support/api-types';
import { PROJECT_ROOT, startServe } from '../support/serve-process';
import type { ServeProcess } from '../support/serve-process';

const BUILT_WORKER = path.join(PROJECT_ROOT, 'dist', 'host', 'index-worker.js');
let dir: string;
const running: ServeProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-index-'));
});

afterEach(async () => {
  for (const s of running.splice(0)) await s.stop('SIGKILL').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function serveOn(dataDir: string): Promise<ServeProcess> {
  const s = await startServe(['--data', dataDir, '--smtp-port', '0', '--http-port', '0']);
  running.push(s);
  return s;
}

async function indexed(s: ServeProcess): Promise<HostStatus> {
  const until = Date.now() + 15_000;
  for (;;) {
    const status = await s.api<HostStatus>('GET', '/api/status');
    if (status.indexPending === 0 || Date.now() > until) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function search(s: ServeProcess, query: string): Promise<MessagePage> {
  return s.api<MessagePage>('GET', `/api/messages?input=${encodeURIComponent(JSON.stringify({ query }))}`);
}

/** Names of the threads of a process (Linux); null elsewhere. */
function threadNames(pid: number): string[] | null {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return null;
  return readdirSync(tasks).map((t) => readFileSync(path.join(tasks, t, 'comm'), 'utf8').trim());
}

describe('deferred indexing (built serve)', () => {
  it('the bundled worker indexes exactly as the main thread does', async () => {
    const backend = new WorkerIndexBackend(BUILT_WORKER);
    try {
      const raw = Buffer.from('From: A <a@example.test>\r\nSubject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo Welt\r\n');
      const expected = await indexMessage(raw);
      expect(await backend.index([{ id: 1, raw: new Uint8Array(raw) }])).toEqual([{ id: 1, index: expected }]);
    } finally {
      await backend.close();
    }
  });

  it('parses captures in a worker thread: searchable by body with snippet and attachments once indexPending is 0', async () => {
    const s = await serveOn(path.join(dir, 'ws'));
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: s.line.smtpPort, ignoreTLS: true });
    try {
      await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'worker made', text: 'marzipan inside', attachments: [{ filename: 'list.txt', content: 'x' }] });
    } finally {
      transport.close();
    }
    expect(await indexed(s)).toMatchObject({ messageCount: 1, indexPending: 0 });
    const page = await search(s, 'marzipan');
    expect(page.items).toEqual([expect.objectContaining({ subject: 'worker made', snippet: 'marzipan inside', attachmentCount: 1 })]);
    // Node names a worker_threads thread "WorkerThread"; a serve parsing on the main thread has none.
    const threads = threadNames(s.child.pid!);
    if (threads) expect(threads).toContain('WorkerThread');
    expect(s.stderr()).not.toMatch(/index worker/);
  });

  it('indexes at start what a killed process committed but never parsed', async () => {
    const data = path.join(dir, 'ws');
    // What a SIGKILL between the 250 and the indexing leaves: committed rows with their header summary only.
    const store = openMessageStore(path.join(data, 'mailscope.db'));
    const raws = [1, 2, 3].map((i) => Buffer.from(`From: x@example.test\r\nSubject: left over ${i}\r\n\r\nnougat number ${i}\r\n`));
    store.insertMessages(raws.map((raw) => ({ message: { raw, envelope: null, source: 'smtp' as const, sessionId: null }, headers: summarizeHeaders(raw) })));
    expect(store.unindexedCount()).toBe(3);
    store.close();

    const s = await serveOn(data);
    expect(await indexed(s)).toMatchObject({ messageCount: 3, indexPending: 0 });
    const page = await search(s, 'nougat');
    expect(page.items.map((m) => [m.subject, m.snippet])).toEqual([
      ['left over 3', 'nougat number 3'],
      ['left over 2', 'nougat number 2'],
      ['left over 1', 'nougat number 1'],
    ]);
  });

  it('writes at start the full-text rows a killed process left waiting for their batch', async () => {
    const data = path.join(dir, 'ws');
    // What a SIGKILL within the batch delay leaves: complete summaries, no full-text rows (indexed = 2).
    const store = openMessageStore(path.join(data, 'mailscope.db'));
    const raws = [1, 2, 3].map((i) => Buffer.from(`From: Pat <pat@example.test>\r\nSubject: batch ${i}\r\n\r\nmarzipan number ${i}\r\n`));
    const envelope = { mailFrom: 'bounce@example.test', mailFromParams: {}, rcptTo: [{ address: 'rcpt@example.test', params: {} }] };
    store.insertMessages(raws.map((raw) => ({ message: { raw, envelope, source: 'smtp' as const, sessionId: null }, index: indexPlainText(raw)!, textLater: true })));
    expect(store.unindexedCount()).toBe(3);
    expect(store.listMessages('marzipan', 0, 10).total).toBe(0);
    store.close();

    const s = await serveOn(data);
    expect(await indexed(s)).toMatchObject({ messageCount: 3, indexPending: 0 });
    // Body, header sender and envelope recipient, as a row written at once would have them.
    for (const query of ['marzipan', 'from:pat@example.test', 'rcpt@example.test marzipan']) {
      expect((await search(s, query)).items.map((m) => m.subject)).toEqual(['batch 3', 'batch 2', 'batch 1']);
    }
  });
});

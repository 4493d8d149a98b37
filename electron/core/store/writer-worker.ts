/**
 * The capture writer thread (bundled as dist/host/writer-worker.js): its own
 * connection to the workspace database commits the deliveries the SMTP
 * thread hands over, answers with their ids (the SMTP thread then sends
 * 250), and indexes them afterwards — the full parse on yet another thread
 * when the index worker exists. The SMTP thread no longer spends a
 * transaction, a parse or an index update per message: at one session that
 * was over half its time per message.
 *
 * Protocol: see WriterRequest / WriterReply in worker-capture-writer.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CoreEvent } from '../../../shared/api/events';
import { mainThreadBackend, plainFirst } from '../indexer/index-backend';
import { findIndexWorker, WorkerIndexBackend } from '../indexer/worker-backend';
import { InThreadCaptureWriter } from './capture-writer';
import { openMessageStore } from './message-store';
import type { WriterReply, WriterRequest, WriterWorkerData } from './worker-capture-writer';

const port = parentPort;
if (!port) throw new Error('writer worker: start this file with new Worker(…), not directly.');
const data = workerData as WriterWorkerData;
const post = (reply: WriterReply, transfer?: ArrayBuffer[]): void => port.postMessage(reply, transfer);
const log = (line: string): void => post({ type: 'log', line });

const store = openMessageStore(data.dbPath);
store.setFsyncEachCommit(data.fsyncEachCommit);
if (data.checkpointThreshold !== null) store.setCheckpointThreshold(data.checkpointThreshold);

function parsingBackend() {
  const file = findIndexWorker();
  if (!file) return mainThreadBackend();
  try {
    return new WorkerIndexBackend(file);
  } catch (error) {
    log(`writer: the index worker could not start (${(error as Error)?.message}); parsing on the writer thread`);
    return mainThreadBackend();
  }
}

const writer = new InThreadCaptureWriter({
  store,
  backend: plainFirst(parsingBackend()),
  emit: (event: CoreEvent) => post({ type: 'event', event }),
  gatherMs: data.gatherMs,
  // Commits share this thread: index in small slices so one never waits behind much index work.
  maxIndexBatch: 2,
  log,
});

let closing = false;
port.on('message', (request: WriterRequest) => {
  switch (request.type) {
    case 'commit':
      // One transaction for the batch (the GroupCommitter gathers what arrives in one turn).
      void Promise.allSettled(request.items.map((item) => writer.commit(item))).then((outcomes) => {
        post({
          type: 'committed',
          seq: request.seq,
          results: outcomes.map((o) => (o.status === 'fulfilled' ? { id: o.value } : { error: (o.reason as Error)?.message ?? String(o.reason) })),
        });
      });
      return;
    case 'fsync':
      writer.setFsyncEachCommit(request.on);
      return;
    case 'checkpoint-threshold':
      store.setCheckpointThreshold(request.pages);
      return;
    case 'kick':
      writer.kick();
      return;
    case 'idle':
      void writer.idle().then(() => post({ type: 'idle', seq: request.seq }));
      return;
    case 'close':
      if (closing) return;
      closing = true;
      void writer
        .close()
        .catch(() => undefined)
        .then(() => {
          store.close();
          post({ type: 'closed' });
          port.close();
        });
      return;
  }
});
post({ type: 'ready' });

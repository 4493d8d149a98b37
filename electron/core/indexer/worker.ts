/**
 * The index worker (bundled as dist/host/index-worker.js): parses the
 * messages it is sent with mailparser and posts back their MessageIndex.
 * It never touches the database — the main thread owns the one connection,
 * so a worker write can never make an SMTP commit wait for a lock.
 */
import { parentPort } from 'node:worker_threads';
import { indexOne, type WorkerReply, type WorkerRequest } from './index-backend';

const port = parentPort;
if (!port) throw new Error('index worker: start this file with new Worker(…), not directly.');

// Requests arrive one at a time (the indexer waits for each reply), but keep
// them in order regardless.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    const reply: WorkerReply = { seq: request.seq, results: [] };
    for (const item of request.items) reply.results.push({ id: item.id, index: await indexOne(item.raw) });
    port.postMessage(reply);
  });
});

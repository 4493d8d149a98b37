/**
 * Where full MIME parsing runs for the background indexer: in a
 * worker_threads worker (worker-backend.ts; the main thread keeps serving
 * SMTP while mailparser works) or, when no built worker file exists (tests
 * importing the sources) or the worker failed, on the main thread.
 */
import { indexMessage, indexPlainText, summarizeHeaders } from '../mime/index-message';
import type { IndexedMessage, MessageIndex } from '../store/types';

/** One stored message to index. */
export interface IndexItem {
  id: number;
  raw: Uint8Array;
}

export interface IndexBackend {
  /** Which thread parses (for diagnostics and tests). */
  readonly kind: 'worker' | 'main-thread';
  /** Index every item; rejects only when the backend itself broke (the worker died), never for a bad message. */
  index(items: readonly IndexItem[]): Promise<IndexedMessage[]>;
  /** Stop; a pending index() rejects. */
  close(): Promise<void>;
}

/** Main thread → worker. */
export interface WorkerRequest {
  seq: number;
  items: IndexItem[];
}

/** Worker → main thread. */
export interface WorkerReply {
  seq: number;
  results: IndexedMessage[];
}

/**
 * indexMessage, guarded: it never throws by contract, but a bug must not
 * leave a message unindexed forever (the indexer would retry it at every
 * start). The header summary is the least a message gets.
 */
export async function indexOne(raw: Uint8Array): Promise<MessageIndex> {
  try {
    return await indexMessage(raw);
  } catch {
    return { ...summarizeHeaders(raw), attachmentCount: 0, snippet: '', bodyText: '', attachmentNames: [] };
  }
}

/** Parse on the calling thread, one message after another. */
export function mainThreadBackend(): IndexBackend {
  let closed = false;
  return {
    kind: 'main-thread',
    async index(items) {
      const results: IndexedMessage[] = [];
      for (const item of items) {
        if (closed) throw new Error('the indexer was closed');
        results.push({ id: item.id, index: await indexOne(item.raw) });
      }
      return results;
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * Plain single-part ASCII text is indexed here at once (microseconds, see
 * indexPlainText); only the rest is handed to `backend` — so the common
 * case never pays for a hop to the parsing thread.
 */
export function plainFirst(backend: IndexBackend): IndexBackend {
  return {
    get kind() {
      return backend.kind;
    },
    async index(items) {
      const results: IndexedMessage[] = [];
      const rest: IndexItem[] = [];
      for (const item of items) {
        const plain = indexPlainText(item.raw);
        if (plain) results.push({ id: item.id, index: plain });
        else rest.push(item);
      }
      if (rest.length > 0) results.push(...(await backend.index(rest)));
      return results;
    },
    close: () => backend.close(),
  };
}

/**
 * `mailscope export`: every stored message, oldest first, as NNNNNN.eml
 * (the message id, zero-padded; the exact stored bytes) plus index.json, an
 * array of { file, id, summary, envelope }. Reads the database directly:
 * no capture server, no HTTP, so it also works while a `serve` holds the
 * same workspace (SQLite WAL readers do not block the writer).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Envelope, MessageSummary } from '../../shared/model/message';
import { openMessageStore } from '../core/store/message-store';
import { DB_FILE } from '../core/create-core';

/** One row of index.json. */
export interface ExportIndexEntry {
  /** File name inside the output folder. */
  file: string;
  id: number;
  summary: MessageSummary;
  envelope: Envelope | null;
}

/** Zero-padded id: sorts in arrival order in any file browser. */
export function emlName(id: number): string {
  return `${String(id).padStart(6, '0')}.eml`;
}

/** Export the workspace at dataDir into outDir; returns the number of messages written. */
export async function exportWorkspace(dataDir: string, outDir: string): Promise<number> {
  const dbPath = path.join(dataDir, DB_FILE);
  if (!existsSync(dbPath)) throw new Error(`There is no Mailscope workspace at ${dataDir} (no ${DB_FILE}).`);
  await mkdir(outDir, { recursive: true });
  const store = openMessageStore(dbPath);
  try {
    const index: ExportIndexEntry[] = [];
    for (const id of store.allIds()) {
      const raw = store.getRaw(id);
      const summary = store.getSummary(id);
      // Deleted between listing and reading (a running serve pruned it): skip.
      if (!raw || !summary) continue;
      const file = emlName(id);
      await writeFile(path.join(outDir, file), raw);
      index.push({ file, id, summary, envelope: store.getEnvelope(id) });
    }
    await writeFile(path.join(outDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    return index.length;
  } finally {
    store.close();
  }
}

/**
 * Import (.eml files, mbox files, Maildir folders, uploads) and export (one
 * .eml, or an mbox) over the store. The file formats are read and written by
 * electron/core/mailbox; this file turns them into stored messages: each is
 * parsed for its summary, committed in batches (one transaction per batch),
 * announced, and the whole import reports progress and every problem.
 */
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Binary, CoreHandlers, ImportResult } from '../../shared/api/contract';
import type { CoreEvent } from '../../shared/api/events';
import type { CaptureSettings } from '../../shared/model/settings';
import { badRequest, notFound } from './errors';
import { readImportPaths, readUpload } from './mailbox/import-sources';
import type { MailboxItem } from './mailbox/mailbox-item';
import { buildMbox } from './mailbox/mbox-writer';
import { emlFileName } from './message-handlers';
import { idList, stringOption } from './request-checks';
import type { MessageIndex, MessageStore, NewMessage } from './store/types';

type TransferHandlers = Pick<CoreHandlers, 'importUpload' | 'importPaths' | 'exportMessages'>;

export interface ImportExportDeps {
  store: MessageStore;
  emit: (event: CoreEvent) => void;
  indexMessage: (raw: Uint8Array) => Promise<MessageIndex>;
  getSettings: () => CaptureSettings;
}

/** Messages per transaction: big enough to amortise the fsync, small enough to keep each pause short. */
const BATCH = 200;
/** How often progress is announced. */
const PROGRESS_EVERY_MS = 250;

/** Store everything a mailbox reader yields; problems are collected, never thrown. */
async function importItems(deps: ImportExportDeps, items: AsyncIterable<MailboxItem>, label: string): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, ids: [], errors: [] };
  let batch: { message: NewMessage; index: MessageIndex; seen: boolean }[] = [];
  let lastProgress = 0;

  const progress = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    deps.emit({ type: 'import.progress', source: label, done: result.imported, total: null });
  };

  const flush = (): void => {
    if (batch.length === 0) return;
    const summaries = deps.store.insertMessages(batch.map(({ message, index }) => ({ message, index })));
    const seen = summaries.filter((_, i) => batch[i]?.seen).map((s) => s.id);
    if (seen.length > 0) deps.store.markRead(seen, true);
    batch = [];
    for (const summary of summaries) {
      result.imported++;
      result.ids.push(summary.id);
      deps.emit({ type: 'message.captured', message: seen.includes(summary.id) ? { ...summary, read: true } : summary });
    }
    progress(false);
  };

  for await (const item of items) {
    if (item.kind === 'error') {
      result.errors.push({ source: item.source, error: item.error });
      continue;
    }
    const index = await deps.indexMessage(item.raw);
    batch.push({ message: { raw: item.raw, envelope: null, source: 'import', sessionId: null }, index, seen: item.seen === true });
    if (batch.length >= BATCH) {
      flush();
      // An upload is read from memory and a plain-text index resolves at once, so without this the
      // loop would never give the event loop a turn: SMTP captures, API calls (the header's count)
      // and progress would all wait for the end of a big import. One turn per batch.
      await nextTurn();
    }
  }
  flush();
  progress(true);

  const pruned = deps.store.prune(deps.getSettings().maxMessages);
  if (pruned.length > 0) deps.emit({ type: 'messages.deleted', ids: pruned, all: false });
  return result;
}

/** mbox file name for an export of `count` messages. */
function mboxFileName(count: number): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `mailscope-${count}-message${count === 1 ? '' : 's'}-${stamp}.mbox`;
}

export function createImportExport(deps: ImportExportDeps): TransferHandlers {
  const { store } = deps;
  return {
    async importUpload(request) {
      const name = stringOption(request?.name, 'name', 'upload', 1000);
      const body = request?.body as Binary | undefined;
      if (!(body?.bytes instanceof Uint8Array)) throw badRequest('Send the file bytes as the request body.');
      return importItems(deps, readUpload(name, body.bytes), name);
    },

    async importPaths(request) {
      const paths = request?.paths;
      if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p.trim() !== '')) {
        throw badRequest('"paths" must be a non-empty list of file or folder paths.');
      }
      const resolved = paths.map((p) => path.resolve(p));
      const label = resolved.length === 1 ? (resolved[0] as string) : `${resolved.length} files`;
      return importItems(deps, readImportPaths(resolved), label);
    },

    async exportMessages(request) {
      const ids = idList(request?.ids);
      const format = request?.format;
      if (format !== 'eml' && format !== 'mbox') throw badRequest('"format" must be "eml" or "mbox".');
      if (ids.length === 0) throw badRequest('Choose at least one message to export.');
      if (format === 'eml') {
        if (ids.length !== 1) throw badRequest('An .eml file holds one message; export several as "mbox".');
        const id = ids[0] as number;
        const raw = store.getRaw(id);
        if (!raw) throw notFound(`Message ${id} does not exist (it may have been deleted).`);
        return { bytes: raw, contentType: 'message/rfc822', filename: emlFileName(id, store.getSummary(id)?.subject ?? '') };
      }
      const entries: { raw: Uint8Array; sender: string; date: number }[] = [];
      for (const id of ids) {
        const raw = store.getRaw(id);
        const summary = store.getSummary(id);
        // Deleted since the list was shown: the rest still export.
        if (!raw || !summary) continue;
        entries.push({ raw, sender: summary.mailFrom, date: summary.receivedAt });
      }
      if (entries.length === 0) throw notFound('None of the chosen messages exist any more.');
      return { bytes: buildMbox(entries), contentType: 'application/mbox', filename: mboxFileName(entries.length) };
    },
  };
}

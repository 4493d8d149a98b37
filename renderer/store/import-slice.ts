/**
 * Importing .eml and mbox files dropped on the window or picked with a file
 * input (importUpload), or picked by path through the desktop's native
 * dialog (importPaths). Files go one at a time; the host reports progress of
 * big files with `import.progress` events. Every per-message problem the host
 * reports is shown, never dropped.
 */
import type { ImportResult } from '../../shared/api/contract';
import { errorMessage } from '../api/client';
import type { SliceCreator } from './slice';

export interface ImportProgress {
  /** File being imported. */
  source: string;
  /** Messages stored so far from it. */
  done: number;
  /** Messages expected, when known. */
  total: number | null;
  /** Position of this file among the ones dropped (1-based) and their count. */
  fileIndex: number;
  fileCount: number;
}

export interface ImportSlice {
  /** Non-null while an import runs. */
  importing: ImportProgress | null;
  /** The last finished import (shown until dismissed). */
  importResult: ImportResult | null;

  importFiles(files: { name: string; type: string; bytes(): Promise<Uint8Array> }[]): Promise<void>;
  /** Import by path (desktop picker, Maildir folders); resolves to the stored ids. */
  importPaths(paths: string[]): Promise<number[]>;
  /** .eml files the OS asked the desktop app to open: import them and show the first. */
  openDesktopFiles(take: () => Promise<string[]>): Promise<void>;
  importProgressed(source: string, done: number, total: number | null): void;
  dismissImportResult(): void;
}

/** Content type for an upload: the host sniffs the content anyway, this is a hint. */
function uploadType(name: string, type: string): string {
  if (/\.eml$/i.test(name)) return 'message/rfc822';
  if (/\.mbox$/i.test(name)) return 'application/mbox';
  return type || 'application/octet-stream';
}

export const createImportSlice: SliceCreator<ImportSlice> = (set, get, { api }) => ({
  importing: null,
  importResult: null,

  async importFiles(files) {
    if (files.length === 0 || get().importing) return;
    const total: ImportResult = { imported: 0, ids: [], errors: [] };
    for (const [i, file] of files.entries()) {
      set({ importing: { source: file.name, done: 0, total: null, fileIndex: i + 1, fileCount: files.length } });
      try {
        const bytes = await file.bytes();
        const result = await api.importUpload({ name: file.name, body: { bytes, contentType: uploadType(file.name, file.type), filename: file.name } });
        total.imported += result.imported;
        total.ids.push(...result.ids);
        total.errors.push(...result.errors);
      } catch (error) {
        total.errors.push({ source: file.name, error: errorMessage(error) });
      }
    }
    set({ importing: null, importResult: total });
  },

  async importPaths(paths) {
    if (paths.length === 0 || get().importing) return [];
    set({ importing: { source: paths.length === 1 ? (paths[0] as string) : `${paths.length} items`, done: 0, total: null, fileIndex: 1, fileCount: 1 } });
    try {
      const result = await api.importPaths({ paths });
      set({ importResult: result });
      return result.ids;
    } catch (error) {
      set({ importResult: { imported: 0, ids: [], errors: [{ source: paths.join(', '), error: errorMessage(error) }] } });
      return [];
    } finally {
      set({ importing: null });
    }
  },

  async openDesktopFiles(take) {
    let paths: string[];
    try {
      paths = await take();
    } catch {
      return;
    }
    const ids = await get().importPaths(paths);
    const first = ids[0];
    if (first !== undefined) {
      set({ selected: new Set([first]), cursorId: first, anchorIndex: null });
      get().openMessage(first);
    }
  },

  importProgressed(source, done, total) {
    const current = get().importing;
    if (current) set({ importing: { ...current, source, done, total } });
  },

  dismissImportResult() {
    set({ importResult: null });
  },
});

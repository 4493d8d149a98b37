/**
 * What the File menu and the OS file association do, in the main process,
 * through the host API: the renderer sees the results arrive as live events
 * like any other import.
 */
import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportResult } from '../../shared/api/contract';
import type { HostClient } from './host-client';

/** Import paths and tell the user about problems (successes show up in the inbox). */
export async function importPaths(window: BrowserWindow | null, client: HostClient, paths: string[]): Promise<ImportResult | null> {
  if (paths.length === 0) return null;
  try {
    const result = await client.call('importPaths', { paths });
    if (result.errors.length > 0 && window) {
      const lines = result.errors.slice(0, 10).map((e) => `${path.basename(e.source)}: ${e.error}`);
      if (result.errors.length > 10) lines.push(`…and ${result.errors.length - 10} more`);
      await dialog.showMessageBox(window, {
        type: 'warning',
        message: `Imported ${result.imported} message(s); ${result.errors.length} could not be imported.`,
        detail: lines.join('\n'),
      });
    }
    return result;
  } catch (error) {
    dialog.showErrorBox('Import failed', (error as Error).message);
    return null;
  }
}

/** File → Import…: pick .eml/mbox files and import them. */
export async function importFromDialog(window: BrowserWindow, client: HostClient): Promise<void> {
  const picked = await dialog.showOpenDialog(window, {
    title: 'Import messages',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Email messages and mailboxes', extensions: ['eml', 'mbox', 'mbx'] }, { name: 'All files', extensions: ['*'] }],
  });
  if (!picked.canceled) await importPaths(window, client, picked.filePaths);
}

/** Every stored message id, newest first, paging through the list. */
async function allMessageIds(client: HostClient): Promise<number[]> {
  const ids: number[] = [];
  // Bounded: even 100 000 messages in pages of 1000 is 100 rounds.
  for (let round = 0; round < 10_000; round++) {
    const page = await client.call('listMessages', { offset: ids.length, limit: 1000 });
    ids.push(...page.items.map((m) => m.id));
    if (page.items.length === 0 || ids.length >= page.total) break;
  }
  return ids;
}

/** File → Export…: every stored message into one mbox file. */
export async function exportAllToMbox(window: BrowserWindow, client: HostClient, downloadsDir: string): Promise<void> {
  try {
    const ids = await allMessageIds(client);
    if (ids.length === 0) {
      await dialog.showMessageBox(window, { type: 'info', message: 'There are no messages to export yet.' });
      return;
    }
    const target = await dialog.showSaveDialog(window, {
      title: `Export ${ids.length} message(s) as mbox`,
      defaultPath: path.join(downloadsDir, 'mailscope-export.mbox'),
      filters: [{ name: 'mbox', extensions: ['mbox'] }],
    });
    if (target.canceled || !target.filePath) return;
    const binary = await client.call('exportMessages', { ids: ids.reverse(), format: 'mbox' });
    await writeFile(target.filePath, binary.bytes);
  } catch (error) {
    dialog.showErrorBox('Export failed', (error as Error).message);
  }
}

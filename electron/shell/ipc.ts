/**
 * The main-process side of window.desktopApi: one ipcMain.handle per
 * DESKTOP_CHANNELS entry, each behind a sender check (checklist #17: validate
 * the sender of all IPC messages). Only the main frame of our own window,
 * showing the host origin, may call; sub-frames (the captured-HTML preview)
 * and any other page are refused. Arguments are validated as untrusted input.
 */
import { BrowserWindow, dialog, ipcMain, shell } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP_CHANNELS } from '../../shared/api/desktop';
import type { DesktopApi } from '../../shared/api/desktop';
import type { OpenedFiles } from './opened-files';
import { isHostUrl, isSafeExternalUrl } from './security';

export interface IpcContext {
  /** The app window, or null before it exists. */
  getWindow: () => BrowserWindow | null;
  /** The host origin (http://127.0.0.1:<port>), or null before the core is up. */
  getHostOrigin: () => string | null;
  openedFiles: OpenedFiles;
  /** Default folder for save dialogs. */
  downloadsDir: string;
}

/** True when an IPC call comes from the main frame of our window showing the host page. */
export function isTrustedSender(event: IpcMainInvokeEvent, context: Pick<IpcContext, 'getWindow' | 'getHostOrigin'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!isHostUrl(frame.url, context.getHostOrigin())) return false;
  const window = context.getWindow();
  return window !== null && BrowserWindow.fromWebContents(event.sender) === window;
}

/** A safe file name for a save dialog: no folders, no control characters. */
export function safeFileName(name: unknown): string {
  const base = path.basename(typeof name === 'string' ? name.replace(/\\/g, '/') : '');
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'message.eml' : cleaned.slice(0, 200);
}

type Handlers = { [K in keyof DesktopApi]: (...args: Parameters<DesktopApi[K]>) => ReturnType<DesktopApi[K]> };

function handlers(context: IpcContext): Handlers {
  const parent = (): BrowserWindow => {
    const window = context.getWindow();
    if (!window) throw new Error('The Mailscope window is not open.');
    return window;
  };
  return {
    async pickImportPaths(options) {
      const directories = (options as { directories?: unknown } | null)?.directories === true;
      const result = await dialog.showOpenDialog(parent(), {
        title: directories ? 'Import Maildir folders' : 'Import messages',
        properties: directories ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
        filters: directories ? [] : [{ name: 'Email messages and mailboxes', extensions: ['eml', 'mbox', 'mbx'] }, { name: 'All files', extensions: ['*'] }],
      });
      return result.canceled ? [] : result.filePaths;
    },
    async saveFile(options) {
      const bytes = (options as { bytes?: unknown } | null)?.bytes;
      if (!(bytes instanceof Uint8Array)) throw new Error('saveFile needs the bytes to save.');
      const result = await dialog.showSaveDialog(parent(), {
        defaultPath: path.join(context.downloadsDir, safeFileName(options?.suggestedName)),
      });
      if (result.canceled || !result.filePath) return null;
      await writeFile(result.filePath, bytes);
      return result.filePath;
    },
    async openExternal(url) {
      if (typeof url !== 'string' || !isSafeExternalUrl(url)) throw new Error('Only http, https and mailto links can be opened.');
      await shell.openExternal(url);
    },
    async takeOpenedFiles() {
      return context.openedFiles.take();
    },
  };
}

/** Register every desktop channel. Returns a function that removes them. */
export function registerIpc(context: IpcContext): () => void {
  const impl = handlers(context);
  for (const key of Object.keys(DESKTOP_CHANNELS) as (keyof DesktopApi)[]) {
    const channel = DESKTOP_CHANNELS[key];
    const handler = impl[key] as (...args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, context)) {
        throw new Error(`Refused ${channel} from an untrusted sender.`);
      }
      return handler(...args);
    });
  }
  return () => {
    for (const channel of Object.values(DESKTOP_CHANNELS)) ipcMain.removeHandler(channel);
  };
}

/**
 * The sandboxed preload: exposes exactly `window.desktopApi` (DesktopApi in
 * shared/api/desktop.ts), each method a named ipcRenderer.invoke on its
 * DESKTOP_CHANNELS entry. ipcRenderer itself is never exposed (checklist #20),
 * and nothing else is. Bundled into one CJS file by build.mjs because a
 * sandboxed preload cannot import modules other than 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_CHANNELS } from '../../shared/api/desktop';
import type { DesktopApi } from '../../shared/api/desktop';

const desktopApi = {
  pickImportPaths: (options) => ipcRenderer.invoke(DESKTOP_CHANNELS.pickImportPaths, { directories: options?.directories === true }),
  saveFile: (options) => ipcRenderer.invoke(DESKTOP_CHANNELS.saveFile, { suggestedName: String(options?.suggestedName ?? ''), bytes: options?.bytes }),
  openExternal: (url) => ipcRenderer.invoke(DESKTOP_CHANNELS.openExternal, String(url)),
  takeOpenedFiles: () => ipcRenderer.invoke(DESKTOP_CHANNELS.takeOpenedFiles),
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('desktopApi', desktopApi);

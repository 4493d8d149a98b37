import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_CHANNELS } from '../../../../shared/api/desktop';
import { electronMock, FakeBrowserWindow, ipcHandlers } from './electron-mock';
import { isTrustedSender, registerIpc, safeFileName } from '../../../../electron/shell/ipc';
import { OpenedFiles } from '../../../../electron/shell/opened-files';
import type { BrowserWindow } from 'electron';

vi.mock('electron', async () => {
  const m = await import('./electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

const HOST = 'http://127.0.0.1:41234';
let window: FakeBrowserWindow;
let other: FakeBrowserWindow;
let unregister: () => void;
let opened: OpenedFiles;
let late: string[][];
let dir: string;

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
  window = new FakeBrowserWindow({});
  other = new FakeBrowserWindow({});
  late = [];
  opened = new OpenedFiles(['/tmp/a.eml'], (paths) => late.push(paths));
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-ipc-'));
  unregister = registerIpc({
    getWindow: () => window as unknown as BrowserWindow,
    getHostOrigin: () => HOST,
    openedFiles: opened,
    downloadsDir: dir,
  });
});
afterEach(() => {
  unregister();
  rmSync(dir, { recursive: true, force: true });
});

function eventFrom(frameUrl: string, options: { sender?: FakeBrowserWindow; subframe?: boolean } = {}) {
  return { sender: (options.sender ?? window).webContents, senderFrame: { url: frameUrl, parent: options.subframe ? {} : null } };
}

function invoke(channel: string, event: unknown, ...args: unknown[]) {
  const handler = ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve().then(() => handler(event, ...args));
}

describe('IPC', () => {
  it('registers a handler for every desktop channel', () => {
    expect([...ipcHandlers.keys()].sort()).toEqual(Object.values(DESKTOP_CHANNELS).sort());
  });

  it('refuses calls from a foreign frame, a sub-frame, another window or a missing frame', async () => {
    const bad = [
      eventFrom('https://evil.example/'),
      eventFrom('http://localhost:41234/'),
      eventFrom('about:srcdoc', { subframe: true }),
      eventFrom(`${HOST}/`, { subframe: true }),
      eventFrom(`${HOST}/`, { sender: other }),
      { sender: window.webContents, senderFrame: null },
    ];
    for (const channel of Object.values(DESKTOP_CHANNELS)) {
      for (const event of bad) {
        await expect(invoke(channel, event, { directories: false }), channel).rejects.toThrow(/untrusted sender/);
      }
    }
    expect(electronMock.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(isTrustedSender(eventFrom(`${HOST}/#token=x`) as never, { getWindow: () => window as never, getHostOrigin: () => HOST })).toBe(true);
  });

  it('opens a file picker for our window', async () => {
    const paths = await invoke(DESKTOP_CHANNELS.pickImportPaths, eventFrom(`${HOST}/`), { directories: true });
    expect(paths).toEqual(['/picked/a.eml']);
    const call = electronMock.dialog.showOpenDialog.mock.calls.at(-1) as unknown as [unknown, { properties: string[] }];
    expect(call[0]).toBe(window);
    expect(call[1].properties).toContain('openDirectory');
  });

  it('opens only http, https and mailto externally', async () => {
    await invoke(DESKTOP_CHANNELS.openExternal, eventFrom(`${HOST}/`), 'https://example.com/');
    expect(electronMock.shell.openExternal).toHaveBeenCalledWith('https://example.com/');
    electronMock.shell.openExternal.mockClear();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 42]) {
      await expect(invoke(DESKTOP_CHANNELS.openExternal, eventFrom(`${HOST}/`), url)).rejects.toThrow(/Only http, https and mailto/);
    }
    expect(electronMock.shell.openExternal).not.toHaveBeenCalled();
  });

  it('saves bytes where the user chose, with a safe suggested name', async () => {
    const target = path.join(dir, 'out.eml');
    electronMock.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const saved = await invoke(DESKTOP_CHANNELS.saveFile, eventFrom(`${HOST}/`), { suggestedName: '../../etc/passwd', bytes: new Uint8Array([65, 13, 10]) });
    expect(saved).toBe(target);
    expect(readFileSync(target)).toEqual(Buffer.from([65, 13, 10]));
    const options = (electronMock.dialog.showSaveDialog.mock.calls.at(-1) as unknown as [unknown, { defaultPath: string }])[1];
    expect(options.defaultPath).toBe(path.join(dir, 'passwd'));
    await expect(invoke(DESKTOP_CHANNELS.saveFile, eventFrom(`${HOST}/`), { suggestedName: 'x', bytes: 'not bytes' })).rejects.toThrow();
    electronMock.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await invoke(DESKTOP_CHANNELS.saveFile, eventFrom(`${HOST}/`), { suggestedName: 'x', bytes: new Uint8Array() })).toBeNull();
  });

  it('hands opened files over once, then passes later ones on', async () => {
    expect(await invoke(DESKTOP_CHANNELS.takeOpenedFiles, eventFrom(`${HOST}/`))).toEqual(['/tmp/a.eml']);
    expect(await invoke(DESKTOP_CHANNELS.takeOpenedFiles, eventFrom(`${HOST}/`))).toEqual([]);
    opened.add(['/tmp/b.eml']);
    expect(late).toEqual([['/tmp/b.eml']]);
  });

  it('cleans suggested file names', () => {
    expect(safeFileName('a/b/c.eml')).toBe('c.eml');
    expect(safeFileName('C:\\x\\y.eml')).toBe('y.eml');
    expect(safeFileName('..')).toBe('message.eml');
    expect(safeFileName('we:ird?.eml')).toBe('we_ird_.eml');
    expect(safeFileName(undefined)).toBe('message.eml');
  });
});

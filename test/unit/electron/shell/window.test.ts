import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from './electron-mock';
import { createMainWindow, loadWindowState, secureWebPreferences } from '../../../../electron/shell/window';

vi.mock('electron', async () => {
  const m = await import('./electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-window-'));
  FakeBrowserWindow.instances.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('main window', () => {
  it('uses secure webPreferences and the bundled preload', () => {
    const statePath = path.join(dir, 'state.json');
    createMainWindow({ url: 'http://127.0.0.1:5/#token=abc', preloadPath: '/app/dist/preload/index.cjs', statePath });
    const window = FakeBrowserWindow.instances[0]!;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/preload/index.cjs',
    });
    expect(prefs).toEqual(secureWebPreferences('/app/dist/preload/index.cjs'));
    expect(window.loadedUrl).toBe('http://127.0.0.1:5/#token=abc');
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('remembers its size and position', () => {
    const statePath = path.join(dir, 'state.json');
    createMainWindow({ url: 'http://127.0.0.1:5/', preloadPath: '/p', statePath });
    FakeBrowserWindow.instances[0]!.emit('close');
    expect(JSON.parse(readFileSync(statePath, 'utf8'))).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: false });
    createMainWindow({ url: 'http://127.0.0.1:5/', preloadPath: '/p', statePath });
    expect(FakeBrowserWindow.instances[1]!.options).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });

  it('falls back to defaults for a missing or damaged state file', () => {
    expect(loadWindowState(path.join(dir, 'none.json'))).toEqual({ width: 1280, height: 820, maximized: false });
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"width": "huge", "height": -5, "x": 1}');
    expect(loadWindowState(bad)).toEqual({ width: 1280, height: 820, maximized: false });
    writeFileSync(bad, 'not json');
    expect(loadWindowState(bad).width).toBe(1280);
  });
});

/**
 * The app window: secure webPreferences (checklist #2–#4: no Node in the
 * page, context isolation, sandbox), the bundled preload, the host URL with
 * its token in the fragment, and the size the user left it at.
 */
import { BrowserWindow } from 'electron';
import type { WebPreferences } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';

/** Remembered window geometry. */
export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1280, height: 820, maximized: false };

/** The preferences every Mailscope window uses. Exported so tests can pin them. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Read the saved geometry, falling back to defaults for anything missing or odd. */
export function loadWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    const num = (v: unknown, min: number): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.round(v) : undefined);
    const state: WindowState = {
      width: num(raw.width, 400) ?? DEFAULT_STATE.width,
      height: num(raw.height, 300) ?? DEFAULT_STATE.height,
      maximized: raw.maximized === true,
    };
    const x = num(raw.x, -10_000);
    const y = num(raw.y, -10_000);
    if (x !== undefined && y !== undefined) Object.assign(state, { x, y });
    return state;
  } catch {
    return { ...DEFAULT_STATE };
  }
}

function saveWindowState(file: string, window: BrowserWindow): void {
  try {
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // Losing the window size is not worth bothering the user about.
  }
}

export interface MainWindowOptions {
  /** Host URL including `#token=…`. */
  url: string;
  /** dist/preload/index.cjs */
  preloadPath: string;
  /** Where the geometry is remembered. */
  statePath: string;
}

/** Create the window; it is shown once the page has painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(options.statePath);
  const window = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Mailscope',
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => saveWindowState(options.statePath, window));
  void window.loadURL(options.url);
  return window;
}

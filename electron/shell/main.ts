/**
 * The Electron main process: app lifecycle only. The core runs in a utility
 * process (core-process.ts); the window shows the host's URL like a browser
 * would (window.ts); security policy, IPC and the menu live in their own
 * files. One instance at a time: a second launch focuses the first and hands
 * it the .eml files it was asked to open.
 */
import { app, dialog, Menu } from 'electron';
import type { BrowserWindow } from 'electron';
import path from 'node:path';
import { startCoreProcess } from './core-process';
import type { CoreProcess } from './core-process';
import { exportAllToMbox, importFromDialog, importPaths } from './desktop-actions';
import { createHostClient } from './host-client';
import type { HostClient } from './host-client';
import { registerIpc } from './ipc';
import { buildAppMenu } from './menu';
import { emlPathsFromArgv, OpenedFiles } from './opened-files';
import { installSecurity } from './security';
import { createMainWindow } from './window';

/** Command-line flags passed on to the core (same meaning as `mailscope serve`). */
const CORE_FLAGS = ['--data', '--smtp-port', '--http-port', '--smtp-host'];

/** `--flag value` and `--flag=value` pairs for the core, from our own argv. */
export function coreArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!CORE_FLAGS.includes(name)) continue;
    const value = inline ?? argv[++i];
    if (value !== undefined) out.push(name, value);
  }
  return out;
}

let window: BrowserWindow | null = null;
let core: CoreProcess | null = null;
let client: HostClient | null = null;
let hostOrigin: string | null = null;
let coreStopped = false;

const openedFiles = new OpenedFiles(emlPathsFromArgv(process.argv.slice(1), process.cwd()), (paths) => {
  if (client) void importPaths(window, client, paths);
});

function showWindow(): void {
  if (!core) return;
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
    return;
  }
  window = createMainWindow({
    url: core.url,
    preloadPath: path.join(app.getAppPath(), 'dist', 'preload', 'index.cjs'),
    statePath: path.join(app.getPath('userData'), 'window-state.json'),
  });
  window.on('closed', () => {
    window = null;
  });
}

async function start(): Promise<void> {
  core = await startCoreProcess({ modulePath: path.join(app.getAppPath(), 'dist', 'host', 'utility.js'), args: coreArgs(process.argv) });
  hostOrigin = new URL(core.url).origin;
  client = createHostClient(core.url);
  const downloadsDir = app.getPath('downloads');
  registerIpc({ getWindow: () => window, getHostOrigin: () => hostOrigin, openedFiles, downloadsDir });
  Menu.setApplicationMenu(
    buildAppMenu({
      importMessages: () => void (window && client && importFromDialog(window, client)),
      exportMessages: () => void (window && client && exportAllToMbox(window, client, downloadsDir)),
    }),
  );
  showWindow();
}

function main(): void {
  installSecurity(() => hostOrigin);
  app.on('second-instance', (_event, argv, cwd) => {
    showWindow();
    openedFiles.add(emlPathsFromArgv(argv.slice(1), cwd));
  });
  // macOS delivers file-association opens as events, possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openedFiles.add(emlPathsFromArgv([file], process.cwd()));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());
  app.on('will-quit', (event) => {
    if (!core || coreStopped) return;
    // Let the core close SMTP, HTTP and the database before we go.
    event.preventDefault();
    void core.stop().finally(() => {
      coreStopped = true;
      app.quit();
    });
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Mailscope could not start', (error as Error)?.message ?? String(error));
      app.exit(1);
    });
}

if (app.requestSingleInstanceLock()) main();
else app.quit();

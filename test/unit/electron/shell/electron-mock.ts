/**
 * The `electron` module as the shell's unit tests see it (vi.mock('electron')):
 * just enough of app, BrowserWindow, session, ipcMain, dialog, shell, Menu,
 * utilityProcess, contextBridge and ipcRenderer to record what the shell asks
 * for and to let tests fire the events Electron would. The only mock the
 * project allows: the real module would try to download a binary.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** An Electron-style event whose default can be prevented. */
export function fakeEvent<T extends object>(extra: T = {} as T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const event = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static fromWebContents = vi.fn((contents: unknown): FakeBrowserWindow | null => FakeBrowserWindow.instances.find((w) => w.webContents === contents) ?? null);
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  maximized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 700 };
  }
}

export class FakeUtilityProcess extends EventEmitter {
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    this.emit('exit', null);
    return true;
  }
}

class FakeApp extends EventEmitter {
  requestSingleInstanceLock = vi.fn(() => true);
  quit = vi.fn<() => void>();
  exit = vi.fn<(code?: number) => void>();
  getAppPath = vi.fn(() => '/app');
  getPath = vi.fn((name: string) => `/paths/${name}`);
  private readyPromise = new Promise<void>(() => undefined);
  whenReady = vi.fn(() => this.readyPromise);
  /** Resolve whenReady() for code that runs after it. */
  makeReady(): void {
    this.readyPromise = Promise.resolve();
  }
}

export const sessionHandlers: {
  request: ((contents: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null;
  check: ((contents: unknown, permission: string, origin: string) => boolean) | null;
  device: (() => boolean) | null;
} = { request: null, check: null, device: null };

export const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

export const electronMock = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn((h: typeof sessionHandlers.request) => (sessionHandlers.request = h)),
      setPermissionCheckHandler: vi.fn((h: typeof sessionHandlers.check) => (sessionHandlers.check = h)),
      setDevicePermissionHandler: vi.fn((h: typeof sessionHandlers.device) => (sessionHandlers.device = h)),
    },
  },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  ipcMain: {
    handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => ipcHandlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
  },
  dialog: {
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/picked/a.eml'] })),
    showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
    showErrorBox: vi.fn<(title: string, content: string) => void>(),
  },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    setApplicationMenu: vi.fn<(menu: unknown) => void>(),
  },
  utilityProcess: {
    forks: [] as { modulePath: string; args: string[]; options: unknown; child: FakeUtilityProcess }[],
    fork: vi.fn((modulePath: string, args: string[], options: unknown) => {
      const child = new FakeUtilityProcess();
      electronMock.utilityProcess.forks.push({ modulePath, args, options, child });
      return child;
    }),
  },
  /** A reversible stand-in for the OS keychain: "enc:" + reversed text. */
  safeStorage: {
    available: true,
    backend: 'gnome_libsecret',
    isEncryptionAvailable: () => electronMock.safeStorage.available,
    getSelectedStorageBackend: () => electronMock.safeStorage.backend,
    encryptString: (text: string) => Buffer.from(`enc:${[...text].reverse().join('')}`, 'utf8'),
    decryptString: (blob: Buffer) => {
      const text = blob.toString('utf8');
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return [...text.slice(4)].reverse().join('');
    },
  },
  contextBridge: { exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>() },
  ipcRenderer: { invoke: vi.fn(async (...args: unknown[]) => args) },
};

export default electronMock;

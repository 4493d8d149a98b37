/**
 * The small native surface the Electron preload exposes as `window.desktopApi`.
 * Every member is optional from the renderer's point of view: in a plain
 * browser (headless `serve`) there is no desktopApi and the UI falls back to
 * web equivalents (file input, download links, window.open).
 */
export interface DesktopApi {
  /** Show a native open dialog; resolves to the chosen paths (empty when cancelled). */
  pickImportPaths(options: { directories: boolean }): Promise<string[]>;
  /** Show a native save dialog and write the bytes there; resolves to the path or null when cancelled. */
  saveFile(options: { suggestedName: string; bytes: Uint8Array }): Promise<string | null>;
  /** Open an http(s) or mailto link in the system browser. Other schemes are refused. */
  openExternal(url: string): Promise<void>;
  /** Paths of .eml files the OS asked the app to open (file association), consumed once. */
  takeOpenedFiles(): Promise<string[]>;
}

/** IPC channel names, shared by preload and shell so they cannot drift. */
export const DESKTOP_CHANNELS = {
  pickImportPaths: 'desktop:pick-import-paths',
  saveFile: 'desktop:save-file',
  openExternal: 'desktop:open-external',
  takeOpenedFiles: 'desktop:take-opened-files',
} as const satisfies { [K in keyof DesktopApi]: string };

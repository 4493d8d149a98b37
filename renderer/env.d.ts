/// <reference types="vite/client" />
/** What the Electron preload adds to window (absent in a plain browser). */
import type { DesktopApi } from '../shared/api/desktop';

declare global {
  interface Window {
    desktopApi?: DesktopApi;
  }
}

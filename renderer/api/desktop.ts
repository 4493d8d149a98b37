/**
 * Native affordances when running inside Electron (window.desktopApi, see
 * shared/api/desktop.ts), with web fallbacks for a plain browser against
 * `mailscope serve`. Every use is optional: the UI must work without it.
 * (Links in the preview need nothing here: the frame opens them as popups,
 * which the Electron shell hands to the system browser.)
 */
import type { DesktopApi } from '../../shared/api/desktop';

/** The preload's API, or null in a browser. */
export function desktopApi(): DesktopApi | null {
  return (window as Window & { desktopApi?: DesktopApi }).desktopApi ?? null;
}

/** Save bytes: a native save dialog in the app, a download in a browser. */
export async function saveFile(name: string, bytes: Uint8Array, contentType: string): Promise<void> {
  const desktop = desktopApi();
  if (desktop) {
    await desktop.saveFile({ suggestedName: name, bytes });
    return;
  }
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType || 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Electron security checklist items that apply to every web contents
 * (docs/tutorial/security.md #5, #13–#15, #12): the app window may only show
 * the host's own origin; every new window is denied, with http(s) and mailto
 * links handed to the system browser; <webview> is refused; permission
 * requests are denied. Installed once, before any window exists.
 */
import { app, session, shell } from 'electron';
import type { Session, WebContents } from 'electron';

/** Schemes the system may open for us. Never file:, javascript:, data:, custom protocols. */
const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The one permission granted, and only to the host origin: writing text to the clipboard (copy buttons). */
const GRANTED_TO_HOST = new Set(['clipboard-sanitized-write']);

/** Parse with Node's URL parser (the checklist warns that string comparisons can be fooled). */
function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` may be passed to shell.openExternal. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed || !EXTERNAL_SCHEMES.has(parsed.protocol)) return false;
  // mailto: has no host; http(s) must have one.
  return parsed.protocol === 'mailto:' || parsed.hostname !== '';
}

/** Open a link in the system browser or mail client when its scheme is safe; returns whether it did. */
export function openExternalSafely(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  void shell.openExternal(url).catch(() => undefined);
  return true;
}

/** True when `url` is on the host origin (the only page the app window shows). */
export function isHostUrl(url: string, hostOrigin: string | null): boolean {
  if (!hostOrigin) return false;
  return parse(url)?.origin === hostOrigin;
}

/** Sub-frames may show the captured-HTML preview (srcdoc), blob/data attachments or host pages. */
function isAllowedFrameUrl(url: string, hostOrigin: string | null): boolean {
  if (url === 'about:srcdoc' || url === 'about:blank') return true;
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol === 'blob:' || parsed.protocol === 'data:') return true;
  return isHostUrl(url, hostOrigin);
}

/** Lock down one web contents. Exported for tests. */
export function hardenWebContents(contents: WebContents, getHostOrigin: () => string | null): void {
  contents.on('will-navigate', (event, url) => {
    if (isHostUrl(url, getHostOrigin())) return;
    event.preventDefault();
    openExternalSafely(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isHostUrl(url, getHostOrigin())) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) return; // handled by will-navigate
    if (!isAllowedFrameUrl(event.url, getHostOrigin())) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Deny every permission request and check, except clipboard writes from the host page. */
export function hardenSession(ses: Session, getHostOrigin: () => string | null): void {
  const allowed = (permission: string, url: string | undefined): boolean =>
    GRANTED_TO_HOST.has(permission) && url !== undefined && isHostUrl(url, getHostOrigin());
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(allowed(permission, details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
}

/** Install the handlers app-wide. Call before app 'ready'. */
export function installSecurity(getHostOrigin: () => string | null): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, getHostOrigin));
  void app.whenReady().then(() => hardenSession(session.defaultSession, getHostOrigin));
}

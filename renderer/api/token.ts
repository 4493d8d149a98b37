/**
 * The per-run token arrives in the URL fragment (`#token=…`), which browsers
 * never send to a server. We read it once, then remove it from the visible
 * URL (history.replaceState) so it does not end up in screenshots, bookmarks
 * or a copied address bar. It is kept in sessionStorage — scoped to this tab
 * and this origin, gone when the tab closes — so a reload still works.
 */

const STORAGE_KEY = 'mailscope.token';

/** The token from a fragment like `#token=abc&x=y`, or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/** Minimal window surface used here, so tests can pass a stand-in. */
export interface TokenWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Take the token from the URL (stripping it) or from this tab's session; null when there is none. */
export function takeToken(win: TokenWindow): string | null {
  const fromHash = tokenFromHash(win.location.hash);
  if (fromHash) {
    try {
      win.sessionStorage.setItem(STORAGE_KEY, fromHash);
    } catch {
      // storage disabled: the token still works until the page reloads
    }
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return fromHash;
  }
  try {
    return win.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

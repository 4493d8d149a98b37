import { describe, expect, it } from 'vitest';
import { takeToken, tokenFromHash } from '../../../../renderer/api/token';
import type { TokenWindow } from '../../../../renderer/api/token';

function fakeWindow(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>();
  if (stored) storage.set('mailscope.token', stored);
  const replaced: string[] = [];
  const win: TokenWindow = {
    location: { hash, pathname: '/', search: '?x=1' },
    history: { replaceState: (_d, _u, url) => replaced.push(String(url)) },
    sessionStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
  };
  return { win, storage, replaced };
}

describe('token from the URL fragment', () => {
  it('reads #token=… among other parameters', () => {
    expect(tokenFromHash('#token=abc123&view=inbox')).toBe('abc123');
    expect(tokenFromHash('#view=inbox')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });

  it('strips the fragment from the visible URL and keeps the token for reloads of this tab', () => {
    const { win, storage, replaced } = fakeWindow('#token=s3cret');
    expect(takeToken(win)).toBe('s3cret');
    expect(replaced).toEqual(['/?x=1']);
    expect(storage.get('mailscope.token')).toBe('s3cret');
  });

  it('falls back to the session copy when the URL has none (a reload)', () => {
    const { win, replaced } = fakeWindow('', 'kept');
    expect(takeToken(win)).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('returns null when there is no token anywhere', () => {
    expect(takeToken(fakeWindow('').win)).toBeNull();
  });
});

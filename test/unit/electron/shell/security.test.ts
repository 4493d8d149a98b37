import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronMock, fakeEvent, FakeWebContents, sessionHandlers } from './electron-mock';
import { hardenSession, hardenWebContents, installSecurity, isSafeExternalUrl } from '../../../../electron/shell/security';
import type { Session, WebContents } from 'electron';

vi.mock('electron', async () => {
  const m = await import('./electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

const HOST = 'http://127.0.0.1:41234';
let contents: FakeWebContents;
let origin: string | null;

beforeEach(() => {
  electronMock.shell.openExternal.mockClear();
  contents = new FakeWebContents();
  origin = HOST;
  hardenWebContents(contents as unknown as WebContents, () => origin);
});

function navigate(url: string, eventName = 'will-navigate') {
  const event = fakeEvent({ url });
  contents.emit(eventName, event, url);
  return event;
}

describe('navigation', () => {
  it('allows navigation within the host origin only', () => {
    expect(navigate(`${HOST}/messages/3`).defaultPrevented).toBe(false);
    for (const url of ['http://127.0.0.1:41235/', 'http://localhost:41234/', 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'about:blank']) {
      expect(navigate(url).defaultPrevented, url).toBe(true);
    }
  });

  it('is not fooled by look-alike URLs', () => {
    for (const url of [`${HOST}@evil.example/`, `http://127.0.0.1:41234.evil.example/`, `http://evil.example/?${HOST}`]) {
      expect(navigate(url).defaultPrevented, url).toBe(true);
    }
  });

  it('denies everything before the host origin is known', () => {
    origin = null;
    expect(navigate(`${HOST}/`).defaultPrevented).toBe(true);
  });

  it('sends refused http(s) navigations to the system browser, never other schemes', () => {
    navigate('https://example.com/docs');
    expect(electronMock.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
    electronMock.shell.openExternal.mockClear();
    navigate('javascript:alert(1)');
    navigate('file:///etc/passwd');
    expect(electronMock.shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses redirects away from the host', () => {
    expect(navigate('https://evil.example/', 'will-redirect').defaultPrevented).toBe(true);
    expect(navigate(`${HOST}/x`, 'will-redirect').defaultPrevented).toBe(false);
  });

  it('lets sub-frames show srcdoc, blob and data previews but not the web', () => {
    const frame = (url: string) => {
      const event = fakeEvent({ url, isMainFrame: false });
      contents.emit('will-frame-navigate', event);
      return event.defaultPrevented;
    };
    expect(frame('about:srcdoc')).toBe(false);
    expect(frame('blob:http://127.0.0.1:41234/uuid')).toBe(false);
    expect(frame('https://evil.example/')).toBe(true);
    expect(frame('file:///etc/passwd')).toBe(true);
  });
});

describe('new windows', () => {
  it('always denies, opening http, https and mailto links externally', () => {
    for (const url of ['http://example.com/', 'https://example.com/a?b', 'mailto:someone@example.com']) {
      electronMock.shell.openExternal.mockClear();
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
      expect(electronMock.shell.openExternal).toHaveBeenCalledWith(url);
    }
  });

  it('never opens javascript:, file:, data: or custom-protocol links', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'ms-msdt:/id', 'vbscript:x', 'https://', 'not a url', `${HOST}/x`.replace('http', 'smb')]) {
      electronMock.shell.openExternal.mockClear();
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
      expect(electronMock.shell.openExternal, url).not.toHaveBeenCalled();
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('prevents <webview> attachment', () => {
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('permissions', () => {
  beforeEach(() => hardenSession(electronMock.session.defaultSession as unknown as Session, () => HOST));

  it('denies permission requests', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'unknown']) {
      let granted: boolean | undefined;
      sessionHandlers.request!(null, permission, (g) => (granted = g), { requestingUrl: `${HOST}/` });
      expect(granted, permission).toBe(false);
      expect(sessionHandlers.check!(null, permission, HOST), permission).toBe(false);
    }
    expect(sessionHandlers.device!()).toBe(false);
  });

  it('grants clipboard writes to the host page only', () => {
    let granted: boolean | undefined;
    sessionHandlers.request!(null, 'clipboard-sanitized-write', (g) => (granted = g), { requestingUrl: `${HOST}/` });
    expect(granted).toBe(true);
    sessionHandlers.request!(null, 'clipboard-sanitized-write', (g) => (granted = g), { requestingUrl: 'https://evil.example/' });
    expect(granted).toBe(false);
    expect(sessionHandlers.check!(null, 'clipboard-sanitized-write', 'null')).toBe(false);
  });
});

describe('installSecurity', () => {
  it('hardens every web contents as it is created', () => {
    installSecurity(() => HOST);
    const created = new FakeWebContents();
    electronMock.app.emit('web-contents-created', {}, created);
    expect(created.windowOpenHandler).not.toBeNull();
    expect(created.listenerCount('will-navigate')).toBe(1);
  });
});

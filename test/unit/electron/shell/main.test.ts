import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronMock } from './electron-mock';

vi.mock('electron', async () => {
  const m = await import('./electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

beforeEach(() => {
  // main.ts acts on import: load it fresh each time, with the same mock instance.
  vi.resetModules();
  vi.doMock('electron', () => ({ ...electronMock, default: electronMock }));
  electronMock.app.removeAllListeners();
  electronMock.app.quit.mockClear();
  electronMock.app.requestSingleInstanceLock.mockClear();
});

describe('main process entry', () => {
  it('takes the single-instance lock and wires the lifecycle', async () => {
    electronMock.app.requestSingleInstanceLock.mockReturnValueOnce(true);
    await import('../../../../electron/shell/main');
    expect(electronMock.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    for (const event of ['second-instance', 'open-file', 'window-all-closed', 'will-quit', 'web-contents-created']) {
      expect(electronMock.app.listenerCount(event), event).toBeGreaterThan(0);
    }
    expect(electronMock.app.quit).not.toHaveBeenCalled();
  });

  it('quits at once when another instance holds the lock', async () => {
    electronMock.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await import('../../../../electron/shell/main');
    expect(electronMock.app.quit).toHaveBeenCalled();
    expect(electronMock.app.listenerCount('second-instance')).toBe(0);
  });

  it('passes only the core flags on to the utility process', async () => {
    const { coreArgs } = await import('../../../../electron/shell/main');
    expect(coreArgs(['/usr/bin/electron', '.', '--data', '/d', '--smtp-port=2626', '--inspect', 'x.eml', '--http-port', '0', '--smtp-host'])).toEqual([
      '--data',
      '/d',
      '--smtp-port',
      '2626',
      '--http-port',
      '0',
    ]);
  });
});

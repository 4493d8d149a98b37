import { describe, expect, it, vi } from 'vitest';
import { DESKTOP_CHANNELS } from '../../../../shared/api/desktop';
import { electronMock } from '../shell/electron-mock';

vi.mock('electron', async () => {
  const m = await import('../shell/electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

describe('preload', () => {
  it('exposes exactly window.desktopApi, each method invoking its channel', async () => {
    await import('../../../../electron/preload/index');
    expect(electronMock.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electronMock.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Record<string, (...a: unknown[]) => Promise<unknown>>];
    expect(name).toBe('desktopApi');
    expect(Object.keys(api).sort()).toEqual(Object.keys(DESKTOP_CHANNELS).sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);

    const invoke = electronMock.ipcRenderer.invoke;
    await api.pickImportPaths!({ directories: true, extra: 'dropped' });
    expect(invoke).toHaveBeenLastCalledWith(DESKTOP_CHANNELS.pickImportPaths, { directories: true });
    const bytes = new Uint8Array([1, 2]);
    await api.saveFile!({ suggestedName: 'a.eml', bytes });
    expect(invoke).toHaveBeenLastCalledWith(DESKTOP_CHANNELS.saveFile, { suggestedName: 'a.eml', bytes });
    await api.openExternal!('https://example.com/');
    expect(invoke).toHaveBeenLastCalledWith(DESKTOP_CHANNELS.openExternal, 'https://example.com/');
    await api.takeOpenedFiles!();
    expect(invoke).toHaveBeenLastCalledWith(DESKTOP_CHANNELS.takeOpenedFiles);
  });
});

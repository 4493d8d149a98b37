import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../../electron/host/data-dir';

describe('defaultDataDir', () => {
  it('follows each platform’s app-data convention', () => {
    expect(defaultDataDir({}, 'linux', '/home/qa')).toBe('/home/qa/.local/share/mailscope');
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/qa')).toBe('/xdg/mailscope');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative/ignored' }, 'linux', '/home/qa')).toBe('/home/qa/.local/share/mailscope');
    expect(defaultDataDir({}, 'darwin', '/Users/qa')).toBe('/Users/qa/Library/Application Support/Mailscope');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\qa\\AppData\\Roaming' }, 'win32', 'C:\\Users\\qa')).toBe('C:\\Users\\qa\\AppData\\Roaming\\Mailscope');
    expect(defaultDataDir({}, 'win32', 'C:\\Users\\qa')).toBe('C:\\Users\\qa\\AppData\\Roaming\\Mailscope');
  });

  it('lets MAILSCOPE_DATA_DIR override everything', () => {
    expect(defaultDataDir({ MAILSCOPE_DATA_DIR: '/ci/workspace', XDG_DATA_HOME: '/xdg' }, 'linux', '/home/qa')).toBe('/ci/workspace');
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../../../electron/shell/menu';

vi.mock('electron', async () => {
  const m = await import('./electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

describe('application menu', () => {
  it('has File with Import…/Export…, and the standard Edit, View, Window and Help menus', () => {
    const actions = { importMessages: vi.fn(), exportMessages: vi.fn() };
    const template = menuTemplate('linux', actions);
    const file = template.find((m) => m.label === 'File')!;
    const items = file.submenu as MenuItemConstructorOptions[];
    const importItem = items.find((i) => i.label === 'Import…')!;
    expect(importItem.accelerator).toBe('CmdOrCtrl+O');
    (importItem.click as () => void)();
    expect(actions.importMessages).toHaveBeenCalled();
    expect(items.find((i) => i.label === 'Export…')).toBeDefined();
    expect(items.some((i) => i.role === 'quit')).toBe(true);
    const roles = template.map((m) => m.role);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'help']));
    expect(roles).not.toContain('appMenu');
    const view = (template.find((m) => m.label === 'View')!.submenu as MenuItemConstructorOptions[]).map((i) => i.role);
    expect(view).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });

  it('adds the app menu on macOS', () => {
    const template = menuTemplate('darwin', { importMessages: vi.fn(), exportMessages: vi.fn() });
    expect(template[0]!.role).toBe('appMenu');
  });
});

/**
 * The application menu: the platform's usual app/File/Edit/View/Window/Help
 * menus with their standard accelerators (roles give the right ones per
 * platform), plus File → Import… and Export….
 */
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importMessages: () => void;
  exportMessages: () => void;
}

/** The template, separate from Menu.buildFromTemplate so tests can read it. */
export function menuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => actions.importMessages() },
        { label: 'Export…', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.exportMessages() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  );
  return template;
}

export function buildAppMenu(actions: MenuActions): Menu {
  return Menu.buildFromTemplate(menuTemplate(process.platform, actions));
}

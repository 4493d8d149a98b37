/**
 * The app frame: nav rail on the left (one slot per tool; only the inbox
 * exists so far), header bar, and the active tool. Global shortcuts and
 * drag-and-drop import live here because they apply to the whole window.
 */
import { BannerStack } from './banner-stack';
import { HeaderBar } from './header-bar';
import { NavRail } from './nav-rail';
import { useGlobalShortcuts } from './use-global-shortcuts';
import { InboxPage } from '../features/inbox/inbox-page';
import { DropZone } from '../features/import/drop-zone';
import { ImportStatus } from '../features/import/import-status';
import { SettingsDialog } from '../features/settings/settings-dialog';

export function App() {
  useGlobalShortcuts();
  return (
    <DropZone>
      <div className="app">
        <NavRail />
        <div className="app-main">
          <HeaderBar />
          <BannerStack />
          <ImportStatus />
          <InboxPage />
        </div>
      </div>
      <SettingsDialog />
    </DropZone>
  );
}

/** Search plus the actions that apply to the selection or the whole inbox. */
import { useRef } from 'react';
import { useApp, useAppShallow } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { desktopApi } from '../../api/desktop';
import { SearchBox } from './search-box';

export function InboxToolbar() {
  const { selectedCount, hasCursor, total, importing } = useAppShallow((s) => ({
    selectedCount: s.selected.size,
    hasCursor: s.cursorId !== null,
    total: s.total,
    importing: s.importing !== null,
  }));
  const deleteSelected = useApp((s) => s.deleteSelected);
  const exportSelected = useApp((s) => s.exportSelected);
  const openDialog = useApp((s) => s.openDialog);
  const importFiles = useApp((s) => s.importFiles);
  const importPaths = useApp((s) => s.importPaths);
  const fileInput = useRef<HTMLInputElement>(null);
  const actionable = selectedCount > 0 || hasCursor;
  const count = Math.max(selectedCount, hasCursor ? 1 : 0);

  const desktop = desktopApi();
  const pickFiles = async (directories: boolean) => {
    if (desktop) {
      const paths = await desktop.pickImportPaths({ directories });
      if (paths.length > 0) await importPaths(paths);
      return;
    }
    fileInput.current?.click();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Inbox actions">
      <SearchBox />
      <div className="toolbar-group">
        {selectedCount > 1 ? <span className="selection-count">{selectedCount.toLocaleString()} selected</span> : null}
        <button type="button" className="button" onClick={() => void pickFiles(false)} disabled={importing} title="Import .eml or mbox files (or drop them on the window)">
          <Icon name="upload" /> Import
        </button>
        {desktop ? (
          <button type="button" className="button" onClick={() => void pickFiles(true)} disabled={importing} title="Import a Maildir folder">
            Maildir…
          </button>
        ) : null}
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".eml,.mbox,.mbx,message/rfc822,application/mbox,text/plain"
          hidden
          data-testid="import-input"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = '';
            void importFiles(files.map((f) => ({ name: f.name, type: f.type, bytes: async () => new Uint8Array(await f.arrayBuffer()) })));
          }}
        />
        <button
          type="button"
          className="button"
          disabled={!actionable}
          onClick={() => void exportSelected()}
          title={count > 1 ? 'Export the selected messages as one mbox file' : 'Export the message as .eml'}
        >
          <Icon name="download" /> Export{count > 1 ? ' mbox' : ''}
        </button>
        <button type="button" className="button" disabled={!actionable} onClick={() => void deleteSelected()} title="Delete (Del)">
          <Icon name="trash" /> Delete
        </button>
        <button type="button" className="button button-danger-quiet" disabled={total === 0} onClick={() => openDialog('confirm-clear')}>
          <Icon name="clear" /> Clear all
        </button>
      </div>
    </div>
  );
}

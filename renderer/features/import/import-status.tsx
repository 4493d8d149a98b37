/** Progress of a running import, then its outcome with every error listed. */
import { useApp } from '../../app/store-context';
import { Icon } from '../../components/icon';

export function ImportStatus() {
  const importing = useApp((s) => s.importing);
  const result = useApp((s) => s.importResult);
  const dismiss = useApp((s) => s.dismissImportResult);
  if (importing) {
    const pct = importing.total ? Math.min(100, Math.round((importing.done / importing.total) * 100)) : null;
    return (
      <div className="import-status" role="status" aria-live="polite" data-testid="import-progress">
        <Icon name="upload" size={14} />
        <span>
          Importing <strong>{importing.source}</strong>
          {importing.fileCount > 1 ? ` (file ${importing.fileIndex} of ${importing.fileCount})` : ''}
          {importing.done > 0 ? ` — ${importing.done.toLocaleString()}${importing.total ? ` of ${importing.total.toLocaleString()}` : ''} messages` : '…'}
        </span>
        <progress max={100} value={pct ?? undefined} aria-label="Import progress" />
      </div>
    );
  }
  if (!result) return null;
  const failed = result.errors.length > 0;
  return (
    <div className={failed ? 'import-status import-status-warn' : 'import-status import-status-ok'} role={failed ? 'alert' : 'status'} data-testid="import-result">
      <Icon name={failed ? 'alert' : 'check'} size={14} />
      <div className="import-result-text">
        <span>
          Imported {result.imported.toLocaleString()} {result.imported === 1 ? 'message' : 'messages'}
          {failed ? `; ${result.errors.length} ${result.errors.length === 1 ? 'problem' : 'problems'}:` : '.'}
        </span>
        {failed ? (
          <ul>
            {result.errors.slice(0, 20).map((e, i) => (
              <li key={i}>
                <strong>{e.source}</strong>: {e.error}
              </li>
            ))}
            {result.errors.length > 20 ? <li>…and {result.errors.length - 20} more.</li> : null}
          </ul>
        ) : null}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

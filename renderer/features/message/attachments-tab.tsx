/** Attachments with type, size, inline marker and hash; each can be saved. */
import type { MessageDetail } from '../../../shared/model/message';
import { useApp } from '../../app/store-context';
import { formatBytes } from '../../components/format';
import { Icon } from '../../components/icon';

export function AttachmentsTab({ detail }: { detail: MessageDetail }) {
  const save = useApp((s) => s.saveAttachment);
  if (detail.attachments.length === 0) return <div className="tab-empty">This message has no attachments.</div>;
  return (
    <table className="data-table attachments-table" data-testid="attachments-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col" className="col-right">
            Size
          </th>
          <th scope="col">Content-ID</th>
          <th scope="col">SHA-256</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {detail.attachments.map((a) => (
          <tr key={a.index}>
            <th scope="row" className="attachment-name">
              <Icon name="file" size={14} /> {a.filename}
              {a.inline ? <span className="chip">inline</span> : null}
            </th>
            <td className="mono">{a.contentType}</td>
            <td className="col-right num">{formatBytes(a.size)}</td>
            <td className="mono muted">{a.contentId || '—'}</td>
            <td className="mono muted hash" title={a.sha256}>
              {a.sha256.slice(0, 12)}…
            </td>
            <td className="col-right">
              <button type="button" className="button button-small" onClick={() => void save(a.index)} aria-label={`Save ${a.filename}`}>
                <Icon name="download" size={14} /> Save
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Past sends, newest first: status, subject, target and when. Opening one
 * shows its transcript and outcome; sends started elsewhere (the CLI, another
 * window) appear here live.
 */
import type { SendStatus } from '../../../shared/model/send';
import { useApp, useAppShallow } from '../../app/store-context';
import { formatListTime } from '../../components/format';

const STATUS_LABEL: Record<SendStatus, string> = {
  running: 'sending',
  delivered: 'delivered',
  deferred: 'deferred',
  rejected: 'rejected',
  failed: 'failed',
};

export function SendHistory() {
  const { items, total, error, shownId } = useAppShallow((s) => ({ items: s.sendHistory, total: s.sendHistoryTotal, error: s.sendHistoryError, shownId: s.shownSend?.id ?? null }));
  const openSend = useApp((s) => s.openSend);
  const reload = useApp((s) => s.loadSendHistory);
  return (
    <aside className="send-history" aria-labelledby="send-history-title">
      <div className="send-history-head">
        <h2 id="send-history-title">History</h2>
        <span className="muted num">{total > 0 ? total : ''}</span>
      </div>
      {error ? (
        <div className="send-error send-history-error" role="alert">
          Could not load the history: {error}{' '}
          <button type="button" className="link-button" onClick={() => void reload()}>
            Retry
          </button>
        </div>
      ) : null}
      {items.length === 0 && !error ? <p className="muted send-history-empty">No sends yet. Each send is kept here with its transcript.</p> : null}
      <ul className="send-history-list" aria-label="Past sends">
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" className={item.id === shownId ? 'send-history-item send-history-item-on' : 'send-history-item'} aria-current={item.id === shownId || undefined} onClick={() => void openSend(item.id)}>
              <span className={`send-badge send-badge-${item.status}`}>{STATUS_LABEL[item.status]}</span>
              <span className="send-history-subject">{item.subject || <span className="muted">(no subject)</span>}</span>
              <span className="send-history-meta muted">
                <span className="send-history-target">{item.targetLabel}</span>
                <time dateTime={new Date(item.startedAt).toISOString()} title={new Date(item.startedAt).toLocaleString()}>
                  {formatListTime(item.startedAt)}
                </time>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** One row of the message list; memoised so scrolling only renders rows that change. */
import { memo } from 'react';
import type { CSSProperties, MouseEvent } from 'react';
import type { MessageSummary } from '../../../shared/model/message';
import { formatBytes, formatFullTime, formatListTime, shortAddresses } from '../../components/format';
import { Icon } from '../../components/icon';

export interface MessageRowProps {
  row: MessageSummary;
  index: number;
  total: number;
  style: CSSProperties;
  selected: boolean;
  cursor: boolean;
  onClick(event: MouseEvent, index: number, id: number): void;
}

export const MessageRow = memo(function MessageRow({ row, index, total, style, selected, cursor, onClick }: MessageRowProps) {
  const from = shortAddresses(row.from, row.mailFrom || '(no sender)');
  const to = shortAddresses(row.to, row.rcptTo.length > 0 ? row.rcptTo.join(', ') : '(no recipient)');
  const classes = ['row', row.read ? 'row-read' : 'row-unread', selected ? 'row-selected' : '', cursor ? 'row-cursor' : ''].filter(Boolean).join(' ');
  return (
    <div
      id={`msg-row-${row.id}`}
      className={classes}
      style={style}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={total}
      data-id={row.id}
      onMouseDown={(e) => {
        // Shift-click must not select text.
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onClick(e, index, row.id)}
    >
      <span className="cell cell-dot">{row.read ? null : <span className="unread-dot" title="Unread" />}</span>
      <span className="cell cell-from" title={row.from.map((a) => a.address).join(', ') || row.mailFrom}>
        {from}
      </span>
      <span className="cell cell-to" title={row.to.map((a) => a.address).join(', ')}>
        {to}
      </span>
      <span className="cell cell-subject">
        <span className="subject">{row.subject || '(no subject)'}</span>
        {row.snippet ? <span className="snippet"> — {row.snippet}</span> : null}
      </span>
      <span className="cell cell-clip">{row.attachmentCount > 0 ? <Icon name="clip" size={13} aria-label={`${row.attachmentCount} attachments`} /> : null}</span>
      <span className="cell cell-size">{formatBytes(row.size)}</span>
      <span className="cell cell-time" title={formatFullTime(row.receivedAt)}>
        {formatListTime(row.receivedAt)}
      </span>
      {row.read ? null : <span className="sr-only">, unread</span>}
    </div>
  );
});

export function PlaceholderRow({ index, total, style }: { index: number; total: number; style: CSSProperties }) {
  return (
    <div className="row row-placeholder" style={style} role="option" aria-selected={false} aria-posinset={index + 1} aria-setsize={total} aria-label="Loading">
      <span className="cell cell-dot" />
      <span className="cell">
        <span className="skeleton" style={{ width: `${50 + ((index * 37) % 40)}%` }} />
      </span>
      <span className="cell cell-to">
        <span className="skeleton" style={{ width: `${40 + ((index * 53) % 45)}%` }} />
      </span>
      <span className="cell">
        <span className="skeleton" style={{ width: `${45 + ((index * 29) % 50)}%` }} />
      </span>
      <span className="cell" />
      <span className="cell cell-size" />
      <span className="cell" />
    </div>
  );
}

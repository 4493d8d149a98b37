/** Every header field in message order; decoded (RFC 2047) or raw as sent. */
import { useState } from 'react';
import type { MessageDetail } from '../../../shared/model/message';
import { CopyButton } from '../../components/copy-button';

export function HeadersTab({ detail }: { detail: MessageDetail }) {
  const [raw, setRaw] = useState(false);
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const fields = needle
    ? detail.headers.filter((h) => h.name.toLowerCase().includes(needle) || (raw ? h.raw : h.decoded).toLowerCase().includes(needle))
    : detail.headers;
  const asText = detail.headers.map((h) => `${h.name}: ${raw ? h.raw : h.decoded}`).join('\n');
  return (
    <div className="headers-tab">
      <div className="tab-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Header values">
          <button type="button" role="radio" aria-checked={!raw} className={!raw ? 'segment segment-on' : 'segment'} onClick={() => setRaw(false)}>
            Decoded
          </button>
          <button type="button" role="radio" aria-checked={raw} className={raw ? 'segment segment-on' : 'segment'} onClick={() => setRaw(true)}>
            Raw
          </button>
        </div>
        <input type="search" className="input input-small" placeholder="Filter headers" aria-label="Filter headers" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
        <span className="muted">
          {fields.length} of {detail.headers.length}
        </span>
        <div className="header-spacer" />
        <CopyButton text={asText} label="Copy all" />
      </div>
      <table className="headers-table" data-testid="headers-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((h) => {
            const position = detail.headers.indexOf(h) + 1;
            return (
              <tr key={position}>
                <td className="muted num">{position}</td>
                <th scope="row" className="header-name">
                  {h.name}
                </th>
                <td className="header-value mono">{raw ? h.raw : h.decoded}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

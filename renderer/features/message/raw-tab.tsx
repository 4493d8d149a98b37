/**
 * The exact stored bytes (getRawMessage), monospace. Virtualised by line so a
 * 25 MB message scrolls without freezing: only the rows on screen exist.
 * Latin-1 shows one character per byte (8-bit content exactly); UTF-8 is the
 * readable default. Line endings can be shown (\r\n vs a bare \n), so bare LFs stand out.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useApp } from '../../app/store-context';
import { formatBytes } from '../../components/format';
import { decodeRaw, splitRawRows } from './raw-lines';

const ROW_HEIGHT = 18;

export function RawTab() {
  const raw = useApp((s) => s.raw);
  const downloadEml = useApp((s) => s.downloadEml);
  const [encoding, setEncoding] = useState<'utf-8' | 'latin1'>('utf-8');
  const [showEol, setShowEol] = useState(false);
  const bytes = raw?.status === 'ready' ? raw.data : null;
  const deferredEncoding = useDeferredValue(encoding);
  const rows = useMemo(() => (bytes ? splitRawRows(decodeRaw(bytes, deferredEncoding)) : null), [bytes, deferredEncoding]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({ count: rows?.count ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 30 });

  if (!raw || raw.status === 'loading') return <div className="tab-empty">Loading the raw message…</div>;
  if (raw.status === 'error') return <div className="tab-empty tab-error" role="alert">Could not load the raw message: {raw.error}</div>;
  if (!rows || !bytes) return null;
  const gutter = String(rows.lineCount).length + 1;

  return (
    <div className="raw-tab">
      <div className="tab-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Decode bytes as">
          <button type="button" role="radio" aria-checked={encoding === 'utf-8'} className={encoding === 'utf-8' ? 'segment segment-on' : 'segment'} onClick={() => setEncoding('utf-8')}>
            UTF-8
          </button>
          <button type="button" role="radio" aria-checked={encoding === 'latin1'} className={encoding === 'latin1' ? 'segment segment-on' : 'segment'} onClick={() => setEncoding('latin1')} title="One character per byte">
            Bytes (Latin-1)
          </button>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={showEol} onChange={(e) => setShowEol(e.currentTarget.checked)} /> Show line endings
        </label>
        <span className="muted">
          {formatBytes(bytes.length)} · {rows.lineCount.toLocaleString()} lines
        </span>
        <div className="header-spacer" />
        <button type="button" className="button button-small" onClick={() => void downloadEml()}>
          Download .eml
        </button>
      </div>
      <div ref={scrollRef} className="raw-scroll mono" data-testid="raw-view" tabIndex={0} aria-label="Raw message source" role="region">
        <div className="raw-canvas" style={{ height: virtualizer.getTotalSize(), width: `calc(${rows.widest + gutter + 4}ch + 24px)` }}>
          {virtualizer.getVirtualItems().map((item) => {
            const i = item.index;
            const isLast = i + 1 >= rows.count || rows.continued[i + 1] === 0;
            return (
              <div key={i} className="raw-row" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                <span className="raw-gutter" style={{ width: `${gutter}ch` }}>
                  {rows.continued[i] ? '↪' : rows.lines[i]}
                </span>
                <span className="raw-text">
                  {rows.text.slice(rows.starts[i], rows.ends[i])}
                  {showEol && isLast ? <span className="raw-eol">{rows.crlf[i] ? '\\r\\n' : i + 1 < rows.count ? '\\n' : ''}</span> : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

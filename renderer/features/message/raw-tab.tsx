/**
 * The exact stored bytes (getRawMessage), monospace, virtualised by line so
 * a 25 MB message scrolls without freezing. Latin-1 shows one character per
 * byte (8-bit content exactly); UTF-8 is the readable default. Line endings
 * can be shown (\r\n vs a bare \n), so bare LFs stand out.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { useApp } from '../../app/store-context';
import { formatBytes } from '../../components/format';
import { decodeRaw, splitRawRows } from '../../components/raw-lines';
import { VirtualLines } from '../../components/virtual-lines';

export function RawTab() {
  const raw = useApp((s) => s.raw);
  const downloadEml = useApp((s) => s.downloadEml);
  const [encoding, setEncoding] = useState<'utf-8' | 'latin1'>('utf-8');
  const [showEol, setShowEol] = useState(false);
  const bytes = raw?.status === 'ready' ? raw.data : null;
  const deferredEncoding = useDeferredValue(encoding);
  const rows = useMemo(() => (bytes ? splitRawRows(decodeRaw(bytes, deferredEncoding)) : null), [bytes, deferredEncoding]);

  if (!raw || raw.status === 'loading') return <div className="tab-empty">Loading the raw message…</div>;
  if (raw.status === 'error') return <div className="tab-empty tab-error" role="alert">Could not load the raw message: {raw.error}</div>;
  if (!rows || !bytes) return null;

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
          {formatBytes(bytes.length)} · {rows.lineCount.toLocaleString('en-US')} lines
        </span>
        <div className="header-spacer" />
        <button type="button" className="button button-small" onClick={() => void downloadEml()}>
          Download .eml
        </button>
      </div>
      <VirtualLines rows={rows} showEol={showEol} label="Raw message source" testId="raw-view" />
    </div>
  );
}

/**
 * The plain-text body, as the host extracted it (text/plain, or text derived
 * from HTML). Wrapped for reading; above a few hundred kilobytes it switches
 * to the virtualised line view so a 20 MB body does not stall the window.
 */
import { useMemo } from 'react';
import type { MessageDetail } from '../../../shared/model/message';
import { formatBytes } from '../../components/format';
import { splitRawRows } from '../../components/raw-lines';
import { VirtualLines } from '../../components/virtual-lines';

/** Above this many characters the text is virtualised instead of wrapped in one <pre>. */
const LARGE_TEXT = 256 * 1024;

export function TextTab({ detail }: { detail: MessageDetail }) {
  const text = detail.text;
  const rows = useMemo(() => (text.length > LARGE_TEXT ? splitRawRows(text, 240) : null), [text]);
  if (text === '') return <div className="tab-empty">This message has no text body.</div>;
  if (rows) {
    return (
      <div className="raw-tab">
        <div className="tab-toolbar muted">
          Large text body ({formatBytes(text.length)}, {rows.lineCount.toLocaleString('en-US')} lines): shown unwrapped, long lines cut at 240 characters.
        </div>
        <VirtualLines rows={rows} gutter label="Message text" testId="text-body" />
      </div>
    );
  }
  return (
    <pre className="text-body" data-testid="text-body">
      {text}
    </pre>
  );
}

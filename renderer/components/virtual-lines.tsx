/**
 * A monospace view of a very large text, virtualised by row: only the rows
 * on screen exist in the DOM, so 25 MB of text scrolls like 25 lines. Rows
 * come from splitRawRows (long lines already cut into chunks).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { RawRows } from './raw-lines';

const ROW_HEIGHT = 18;

export interface VirtualLinesProps {
  rows: RawRows;
  /** Show line numbers (continuation rows get ↪). */
  gutter?: boolean;
  /** Show \r\n / \n at line ends. */
  showEol?: boolean;
  label: string;
  testId?: string;
}

export function VirtualLines({ rows, gutter = true, showEol = false, label, testId }: VirtualLinesProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({ count: rows.count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 30 });
  const gutterWidth = gutter ? String(rows.lineCount).length + 1 : 0;
  return (
    <div ref={scrollRef} className="raw-scroll mono" data-testid={testId} tabIndex={0} aria-label={label} role="region">
      <div className="raw-canvas" style={{ height: virtualizer.getTotalSize(), width: `calc(${rows.widest + gutterWidth + 4}ch + 24px)` }}>
        {virtualizer.getVirtualItems().map((item) => {
          const i = item.index;
          const endsLine = i + 1 >= rows.count || rows.continued[i + 1] === 0;
          return (
            <div key={i} className="raw-row" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              {gutter ? (
                <span className="raw-gutter" style={{ width: `${gutterWidth}ch` }}>
                  {rows.continued[i] ? '↪' : rows.lines[i]}
                </span>
              ) : null}
              <span className="raw-text">
                {rows.text.slice(rows.starts[i], rows.ends[i])}
                {showEol && endsLine ? <span className="raw-eol">{rows.crlf[i] ? '\\r\\n' : i + 1 < rows.count ? '\\n' : ''}</span> : null}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

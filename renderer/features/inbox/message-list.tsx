/**
 * The virtualised message list. Only the rows on screen (plus a few) exist
 * in the DOM; their data is paged in by offset as they come into view
 * (ListSlice.setVisibleRange), so 100 000 messages scroll like 100.
 *
 * When new messages arrive while the user is scrolled down, the scroll
 * position is moved by the rows added on top, so what they are reading does
 * not jump; at the very top, new mail simply appears.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import { useApp, useAppShallow, useAppStore } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { MessageRow, PlaceholderRow } from './message-row';

export const ROW_HEIGHT = 30;

export function MessageList() {
  const store = useAppStore();
  const { total, rows, selected, cursorId, listError, listLoaded, query, prepended } = useAppShallow((s) => ({
    total: s.total,
    rows: s.rows,
    selected: s.selected,
    cursorId: s.cursorId,
    listError: s.listError,
    listLoaded: s.listLoaded,
    query: s.query,
    prepended: s.prepended,
  }));
  const setVisibleRange = useApp((s) => s.setVisibleRange);
  const scrollRef = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // No getItemKey: a closure over `rows` would change every render and make the
    // virtualizer re-measure all 100 000 items each time. Rows have a fixed height,
    // so index keys are right for measuring; React keys below use the message id.
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) setVisibleRange(first, last);
  }, [first, last, total, setVisibleRange]);

  // The inbox opens ready for the keyboard: ↓ selects the newest message
  // without a click first — unless something else already has the focus.
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) scrollRef.current?.focus({ preventScroll: true });
  }, []);

  // Keep the rows the user is looking at in place when new ones land above them.
  const seenPrepended = useRef(prepended);
  useLayoutEffect(() => {
    const delta = prepended - seenPrepended.current;
    seenPrepended.current = prepended;
    const el = scrollRef.current;
    if (delta > 0 && el && el.scrollTop > ROW_HEIGHT / 2) el.scrollTop += delta * ROW_HEIGHT;
  }, [prepended]);

  // Keep the cursor row visible when it moves by keyboard.
  useEffect(() => {
    if (cursorId === null) return;
    const index = store.getState().indexOfId(cursorId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [cursorId, store, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const s = store.getState();
    const page = Math.max(1, last - first - 2);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -s.total - 1,
      End: s.total + 1,
    };
    if (event.key in moves && !event.altKey) {
      event.preventDefault();
      void s.moveCursor(moves[event.key] as number, event.shiftKey);
    } else if (event.key === 'Delete' || (event.key === 'Backspace' && (event.metaKey || event.ctrlKey))) {
      event.preventDefault();
      void s.deleteSelected();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (s.cursorId !== null) {
        s.openMessage(s.cursorId);
        s.requestPaneFocus();
      }
    } else if (event.key === 'Escape') {
      s.clearSelection();
    }
  };

  const onRowClick = (event: MouseEvent, index: number, id: number) => {
    const mode = event.shiftKey ? 'range' : event.metaKey || event.ctrlKey ? 'toggle' : 'single';
    void store.getState().selectRow(index, id, mode);
  };

  const activeRow = cursorId !== null ? `msg-row-${cursorId}` : undefined;

  return (
    <div className="message-list">
      <div className="list-header" aria-hidden="true">
        <span />
        <span>From</span>
        <span>To</span>
        <span>Subject</span>
        <span className="col-center" title="Attachments">
          <Icon name="clip" size={12} />
        </span>
        <span className="col-right">Size</span>
        <span className="col-right">Received</span>
      </div>
      {listError ? (
        <div className="list-error" role="alert">
          Could not load the messages: {listError}
        </div>
      ) : null}
      {listLoaded && total === 0 && query.trim() !== '' ? (
        <div className="list-empty" role="status">
          No messages match <strong className="mono">{query}</strong>.
        </div>
      ) : null}
      <div
        ref={scrollRef}
        className="list-scroll"
        role="listbox"
        aria-label="Messages"
        aria-multiselectable="true"
        aria-activedescendant={activeRow}
        aria-busy={!listLoaded}
        tabIndex={0}
        data-message-list
        data-total={total}
        onKeyDown={onKeyDown}
      >
        <div className="list-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows.get(item.index);
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
            if (!row) return <PlaceholderRow key={`i${item.index}`} index={item.index} total={total} style={style} />;
            return (
              <MessageRow
                key={row.id}
                row={row}
                index={item.index}
                total={total}
                style={style}
                selected={selected.has(row.id)}
                cursor={cursorId === row.id}
                onClick={onRowClick}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

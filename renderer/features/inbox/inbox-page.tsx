/**
 * The inbox: toolbar (search and bulk actions) over a split of the message
 * list and the reading pane. A workspace with no messages at all shows the
 * newcomer's empty state instead.
 */
import { useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useApp, useAppShallow } from '../../app/store-context';
import { MessageView } from '../message/message-view';
import { EmptyState } from './empty-state';
import { InboxToolbar } from './inbox-toolbar';
import { MessageList } from './message-list';
import { ConfirmDialog } from '../../components/dialog';

const LIST_WIDTH_KEY = 'mailscope.listWidth';

/** The width the user dragged the list to, or null for the default share of the window. */
function initialListWidth(): number | null {
  const saved = Number(globalThis.localStorage?.getItem(LIST_WIDTH_KEY));
  return Number.isFinite(saved) && saved >= 320 ? saved : null;
}

export function InboxPage() {
  const { empty, dialog, total } = useAppShallow((s) => ({
    empty: s.listLoaded && s.total === 0 && s.query.trim() === '' && s.listError === null,
    dialog: s.dialog,
    total: s.status?.messageCount ?? s.total,
  }));
  const openDialog = useApp((s) => s.openDialog);
  const clearAll = useApp((s) => s.clearAll);
  const [listWidth, setListWidth] = useState<number | null>(initialListWidth);
  const splitRef = useRef<HTMLDivElement>(null);

  const onSplitterDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    const container = splitRef.current;
    if (!container) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const left = container.getBoundingClientRect().left;
    const move = (e: PointerEvent) => setListWidth(Math.max(320, Math.min(container.clientWidth - 360, e.clientX - left)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setListWidth((w) => {
        if (w !== null) globalThis.localStorage?.setItem(LIST_WIDTH_KEY, String(Math.round(w)));
        return w;
      });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <main className="inbox" aria-label="Inbox">
      <InboxToolbar />
      {empty ? (
        <EmptyState />
      ) : (
        <div className="split" ref={splitRef}>
          <section className="split-list" style={listWidth === null ? undefined : { width: listWidth }} aria-label="Message list">
            <MessageList />
          </section>
          <div
            className="splitter"
            role="separator"
            aria-orientation="vertical"
            aria-label="Resize message list"
            tabIndex={0}
            onPointerDown={onSplitterDown}
            onKeyDown={(e) => {
              const current = splitRef.current?.querySelector('.split-list')?.getBoundingClientRect().width ?? 600;
              if (e.key === 'ArrowLeft') setListWidth(Math.max(320, current - 24));
              if (e.key === 'ArrowRight') setListWidth(current + 24);
            }}
          />
          <section className="split-pane" aria-label="Message">
            <MessageView />
          </section>
        </div>
      )}
      <ConfirmDialog
        open={dialog === 'confirm-clear'}
        title="Delete all messages?"
        message={`This permanently deletes all ${total.toLocaleString()} stored messages and cannot be undone.`}
        confirmLabel="Delete all"
        onConfirm={() => void clearAll()}
        onClose={() => openDialog(null)}
      />
    </main>
  );
}

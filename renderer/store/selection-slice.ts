/**
 * Which messages are selected, and which one the cursor is on (the one the
 * reading pane shows). Selection is kept by id, not by index, so rows
 * arriving or leaving around it never change what the user picked.
 * Shift extends a range from the anchor, Ctrl/⌘ toggles one row.
 */
import { errorMessage } from '../api/client';
import type { SliceCreator } from './slice';

/** Largest range a shift-click or shift-arrow will select (pages are fetched for it). */
export const MAX_RANGE = 5000;

export interface SelectionSlice {
  /** Selected message ids. */
  selected: ReadonlySet<number>;
  /** The row the keyboard cursor is on (also the one the reading pane shows); null when none. */
  cursorId: number | null;
  /** Index where a shift-range starts. */
  anchorIndex: number | null;

  /** A click (or keyboard move) on the row at `index`; `openNow` false delays opening (key repeat). */
  selectRow(index: number, id: number, mode?: 'single' | 'toggle' | 'range', openNow?: boolean): Promise<void>;
  /** Move the cursor by `delta` rows; `extend` grows the selection (shift+arrow). */
  moveCursor(delta: number, extend?: boolean): Promise<void>;
  clearSelection(): void;
  /** Delete the selected messages (or the cursor's one); the cursor moves to the next row. */
  deleteSelected(): Promise<void>;
  /** Delete every stored message. */
  clearAll(): Promise<void>;
  /** Export the selected messages: one → .eml, several → one mbox. */
  exportSelected(): Promise<void>;
}

/** Holding ↓ moves the cursor at key-repeat speed; the pane opens where it settles. */
const KEYBOARD_OPEN_DELAY_MS = 90;

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get, { api, saveFile }) => {
  let openTimer: ReturnType<typeof setTimeout> | null = null;
  const openSoon = (id: number): void => {
    if (openTimer) clearTimeout(openTimer);
    openTimer = setTimeout(() => {
      openTimer = null;
      if (get().cursorId === id) get().openMessage(id);
    }, KEYBOARD_OPEN_DELAY_MS);
  };
  return {
    selected: new Set(),
    cursorId: null,
    anchorIndex: null,

    async selectRow(index, id, mode = 'single', openNow = true) {
      if (mode === 'toggle') {
        const selected = new Set(get().selected);
        if (selected.has(id)) selected.delete(id);
        else selected.add(id);
        set({ selected, cursorId: id, anchorIndex: index });
        return;
      }
      if (mode === 'range' && get().anchorIndex !== null) {
        const anchor = get().anchorIndex as number;
        const from = Math.max(0, Math.min(anchor, index));
        const to = Math.min(Math.max(anchor, index), from + MAX_RANGE - 1);
        set({ cursorId: id });
        await get().ensureRows(from, to);
        const { rows } = get();
        const selected = new Set<number>();
        for (let i = from; i <= to; i++) {
          const row = rows.get(i);
          if (row) selected.add(row.id);
        }
        set({ selected });
        return;
      }
      set({ selected: new Set([id]), cursorId: id, anchorIndex: index });
      if (openNow) get().openMessage(id);
      else openSoon(id);
    },

    async moveCursor(delta, extend = false) {
      const { cursorId, total } = get();
      if (total === 0) return;
      const current = cursorId === null ? -1 : get().indexOfId(cursorId);
      // With no cursor yet, moving down starts at the first row and End at the last.
      const target = Math.max(0, Math.min(total - 1, (current < 0 ? -1 : current) + delta));
      await get().ensureRows(target, target);
      const row = get().rows.get(target);
      if (!row) return;
      if (extend) {
        if (get().anchorIndex === null) set({ anchorIndex: Math.max(0, current) });
        await get().selectRow(target, row.id, 'range');
        openSoon(row.id);
      } else {
        await get().selectRow(target, row.id, 'single', false);
      }
    },

    clearSelection() {
      set({ selected: new Set(), anchorIndex: null });
    },

    async deleteSelected() {
      const { selected, cursorId } = get();
      const ids = selected.size > 0 ? [...selected] : cursorId !== null ? [cursorId] : [];
      if (ids.length === 0) return;
      // Where the cursor lands afterwards: the first row below the deleted block that survives.
      const gone = new Set(ids);
      let lowest = -1;
      for (const [index, row] of get().rows) if (gone.has(row.id)) lowest = Math.max(lowest, index);
      // Applied before the host answers: the list reacts at once, and the
      // host's messages.deleted event (which may arrive before the response)
      // then finds nothing left to do, so the cursor never flickers.
      get().messagesDeleted(ids, false);
      const request = api.deleteMessages({ ids });
      const nextIndex = Math.max(0, Math.min(get().total - 1, lowest + 1 - ids.length));
      const next = get().rows.get(nextIndex);
      if (next && get().total > 0) {
        set({ selected: new Set([next.id]), cursorId: next.id, anchorIndex: nextIndex });
        get().openMessage(next.id);
      } else {
        set({ selected: new Set(), cursorId: null, anchorIndex: null });
        get().closeMessage();
      }
      try {
        await request;
      } catch (error) {
        get().pushBanner('error', `Could not delete: ${errorMessage(error)}`);
        // Nothing was deleted after all: show the host's list again.
        await get().reloadList();
      }
    },

    async clearAll() {
      try {
        await api.clearMessages();
      } catch (error) {
        get().pushBanner('error', `Could not clear the inbox: ${errorMessage(error)}`);
        return;
      }
      get().messagesDeleted([], true);
      set({ selected: new Set(), cursorId: null, anchorIndex: null });
      get().closeMessage();
    },

    async exportSelected() {
      const { selected, cursorId } = get();
      const ids = selected.size > 0 ? [...selected].sort((a, b) => a - b) : cursorId !== null ? [cursorId] : [];
      if (ids.length === 0) return;
      const format = ids.length === 1 ? 'eml' : 'mbox';
      try {
        const file = await api.exportMessages({ ids, format });
        const name = file.filename ?? (format === 'eml' ? `message-${ids[0]}.eml` : `mailscope-${ids.length}-messages.mbox`);
        await saveFile(name, file.bytes, file.contentType);
      } catch (error) {
        get().pushBanner('error', `Could not export: ${errorMessage(error)}`);
      }
    },
  };
};

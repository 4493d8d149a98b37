/**
 * The message list as a window over a possibly huge, changing result set.
 *
 * Rows are fetched by offset in pages (listMessages offset/limit) only when
 * the list shows them, and kept in a Map index → row; far-away rows are
 * evicted so 100 000 messages cost a few thousand rows of memory. `total`
 * gives the virtual list its height.
 *
 * Live changes: new messages (no search active) are put at the top at once
 * and `prepended` counts them, so the list can keep what the user looks at
 * in place. Requests that were in flight while rows were prepended are
 * shifted by those their answer did not count yet (shiftSince); anything that cannot
 * be placed exactly (deletes of rows not loaded, arrivals while a search is
 * active) schedules a reconcile that refetches the visible window.
 */
import type { MessageSummary } from '../../shared/model/message';
import { errorMessage } from '../api/client';
import type { SliceCreator } from './slice';

export const PAGE_SIZE = 100;
/** Rows kept around the visible window before eviction kicks in. */
const KEEP_ROWS = 6000;
const RECONCILE_DELAY_MS = 400;
/** While the user flings through the list, fetch for where it is now at most this often. */
const FETCH_THROTTLE_MS = 90;

export interface ListSlice {
  /** The search query in effect. */
  query: string;
  /** Rows matching the query (height of the list). */
  total: number;
  /** Loaded rows by index (0 = newest). */
  rows: ReadonlyMap<number, MessageSummary>;
  /** The server's complaints about the query, in plain words. */
  queryErrors: string[];
  /** Why the list could not be loaded, or null. */
  listError: string | null;
  /** True once the first page for the current query arrived (distinguishes "empty" from "loading"). */
  listLoaded: boolean;
  /** Bumped whenever the list restarts (new query, clear): stale responses are dropped. */
  listGeneration: number;
  /** Running count of rows inserted at the top by live events (the list keeps its scroll anchored). */
  prepended: number;
  /** Rows the list currently shows; drives fetching and eviction. */
  visibleRange: { start: number; end: number };

  setQuery(query: string): void;
  setVisibleRange(start: number, end: number): void;
  /** Fetch the missing pages covering [start, end]; resolves when they arrived. */
  ensureRows(start: number, end: number): Promise<void>;
  /** Refetch the total and the visible window, keeping current rows on screen meanwhile. */
  reloadList(): Promise<void>;
  /** Live: messages were committed (batched). */
  messagesCaptured(messages: MessageSummary[]): void;
  /** Live: messages were removed. */
  messagesDeleted(ids: number[], all: boolean): void;
  /** Live: read state changed. */
  readChanged(ids: number[], read: boolean): void;
  /** Index of a loaded row by id, or -1. */
  indexOfId(id: number): number;
}

export const createListSlice: SliceCreator<ListSlice> = (set, get, { api }) => {
  /** Page fetches in flight, by page offset, for the current generation. */
  const inflight = new Map<number, Promise<void>>();
  let reconcileTimer: ReturnType<typeof setTimeout> | null = null;
  let throttleTimer: ReturnType<typeof setTimeout> | null = null;
  let lastFetchAt = 0;

  const scheduleReconcile = (): void => {
    if (reconcileTimer) clearTimeout(reconcileTimer);
    reconcileTimer = setTimeout(() => {
      reconcileTimer = null;
      void get().reloadList();
    }, RECONCILE_DELAY_MS);
  };

  /** Put a fetched page into `rows`, shifted by what was prepended meanwhile (see shiftSince). */
  const placePage = (
    rows: Map<number, MessageSummary>,
    offset: number,
    items: MessageSummary[],
    shift: number,
  ): void => {
    const byId = new Map<number, number>();
    for (const [index, row] of rows) byId.set(row.id, index);
    items.forEach((item, i) => {
      const index = offset + i + shift;
      // An event and a listing can both carry a message that arrived mid-request.
      const existing = byId.get(item.id);
      if (existing !== undefined && existing !== index) return;
      rows.set(index, item);
    });
  };

  /**
   * Rows prepended locally since a request left that its answer does not
   * already count. A message committed just before the host ran the listing
   * is in the answer AND arrives as an event; the totals tell which: the host
   * counted (answer total − total when we asked) of the k prepended meanwhile.
   */
  const shiftSince = (snapshot: { prepended: number; total: number; loaded: boolean }, answerTotal: number): number => {
    const k = get().prepended - snapshot.prepended;
    if (k === 0 || !snapshot.loaded) return 0;
    return Math.max(0, Math.min(k, k - (answerTotal - snapshot.total)));
  };

  const snapshot = () => ({ prepended: get().prepended, total: get().total, loaded: get().listLoaded });

  const fetchPage = (offset: number): Promise<void> => {
    const running = inflight.get(offset);
    if (running) return running;
    const generation = get().listGeneration;
    const before = snapshot();
    const promise = api
      .listMessages({ query: get().query, offset, limit: PAGE_SIZE })
      .then((page) => {
        const state = get();
        if (state.listGeneration !== generation) return;
        const shift = shiftSince(before, page.total);
        const rows = new Map(state.rows);
        placePage(rows, offset, page.items, shift);
        set({ rows, total: page.total + shift, queryErrors: page.queryErrors, listError: null, listLoaded: true });
      })
      .catch((error: unknown) => {
        if (get().listGeneration === generation) set({ listError: errorMessage(error), listLoaded: true });
      })
      .finally(() => {
        if (inflight.get(offset) === promise) inflight.delete(offset);
      });
    inflight.set(offset, promise);
    return promise;
  };

  const evictFarRows = (): void => {
    const { rows, visibleRange } = get();
    if (rows.size <= KEEP_ROWS) return;
    const keepFrom = visibleRange.start - KEEP_ROWS / 2;
    const keepTo = visibleRange.end + KEEP_ROWS / 2;
    const next = new Map<number, MessageSummary>();
    for (const [index, row] of rows) if (index >= keepFrom && index <= keepTo) next.set(index, row);
    set({ rows: next });
  };

  return {
    query: '',
    total: 0,
    rows: new Map(),
    queryErrors: [],
    listError: null,
    listLoaded: false,
    listGeneration: 0,
    prepended: 0,
    visibleRange: { start: 0, end: 50 },

    setQuery(query) {
      inflight.clear();
      set((s) => ({ query, rows: new Map(), total: 0, listLoaded: false, queryErrors: [], listError: null, listGeneration: s.listGeneration + 1 }));
      const { start, end } = get().visibleRange;
      void get().ensureRows(0, Math.max(end - start, PAGE_SIZE - 1));
    },

    setVisibleRange(start, end) {
      const current = get().visibleRange;
      if (current.start !== start || current.end !== end) set({ visibleRange: { start, end } });
      // Throttled (leading + trailing): a fling across 50 000 rows fetches where
      // the list is every ~90 ms, not every page it passed on the way.
      const fetchNow = (): void => {
        lastFetchAt = Date.now();
        const range = get().visibleRange;
        void get().ensureRows(range.start, range.end);
        evictFarRows();
      };
      const wait = FETCH_THROTTLE_MS - (Date.now() - lastFetchAt);
      if (wait <= 0) fetchNow();
      else
        throttleTimer ??= setTimeout(() => {
          throttleTimer = null;
          fetchNow();
        }, wait);
    },

    async ensureRows(start, end) {
      const { rows, total, listLoaded } = get();
      const last = listLoaded ? Math.min(end, total - 1) : end;
      const waits: Promise<void>[] = [];
      for (let page = Math.floor(Math.max(0, start) / PAGE_SIZE); page * PAGE_SIZE <= last; page++) {
        const from = page * PAGE_SIZE;
        const to = Math.min(from + PAGE_SIZE - 1, last);
        let missing = !listLoaded;
        for (let i = from; i <= to && !missing; i++) missing = !rows.has(i);
        if (missing) waits.push(fetchPage(from));
      }
      await Promise.all(waits);
    },

    async reloadList() {
      const { visibleRange, listGeneration, query } = get();
      const before = snapshot();
      const from = Math.floor(Math.max(0, visibleRange.start) / PAGE_SIZE) * PAGE_SIZE;
      const limit = Math.min(1000, Math.max(PAGE_SIZE, visibleRange.end - from + 1));
      try {
        const page = await api.listMessages({ query, offset: from, limit });
        const state = get();
        if (state.listGeneration !== listGeneration) return;
        const shift = shiftSince(before, page.total);
        const rows = new Map<number, MessageSummary>();
        placePage(rows, from, page.items, shift);
        set({ rows, total: page.total + shift, queryErrors: page.queryErrors, listError: null, listLoaded: true });
      } catch (error) {
        if (get().listGeneration === listGeneration) set({ listError: errorMessage(error) });
      }
    },

    messagesCaptured(messages) {
      if (messages.length === 0) return;
      const state = get();
      if (state.query.trim() !== '' || !state.listLoaded) {
        // Whether they match is the server's call (FTS), and before the first
        // page there is nothing to put them on top of: refetch the window.
        scheduleReconcile();
        return;
      }
      const known = new Map<number, number>();
      for (const [index, row] of state.rows) known.set(row.id, index);
      // A capture is announced again once it is fully indexed (snippet,
      // attachment count): a row already on screen is updated in place. A read
      // mark made meanwhile is kept (the announcement may predate it).
      const updates: [number, MessageSummary][] = [];
      for (const m of messages) {
        const index = known.get(m.id);
        if (index === undefined) continue;
        const current = state.rows.get(index) as MessageSummary;
        updates.push([index, { ...m, read: m.read || current.read }]);
      }
      const fresh = messages.filter((m) => !known.has(m.id)).sort((a, b) => b.id - a.id);
      if (fresh.length === 0 && updates.length === 0) return;
      const k = fresh.length;
      const rows = new Map<number, MessageSummary>();
      fresh.forEach((m, i) => rows.set(i, m));
      for (const [index, row] of state.rows) rows.set(index + k, row);
      for (const [index, row] of updates) rows.set(index + k, row);
      set({ rows, total: state.total + k, prepended: state.prepended + k, listLoaded: true });
    },

    messagesDeleted(ids, all) {
      const gone = new Set(ids);
      // Deleted elsewhere (another window, retention): drop it from the selection and the reading pane.
      const { selected, openId } = get();
      if (all || [...selected].some((id) => gone.has(id))) {
        set({ selected: all ? new Set() : new Set([...selected].filter((id) => !gone.has(id))) });
      }
      if (openId !== null && (all || gone.has(openId))) get().closeMessage();
      if (all) {
        inflight.clear();
        set((s) => ({ rows: new Map(), total: 0, listGeneration: s.listGeneration + 1, listLoaded: true, cursorId: null, anchorIndex: null }));
        if (get().query.trim() !== '') scheduleReconcile();
        return;
      }
      const state = get();
      const rows = new Map<number, MessageSummary>();
      let removedLoaded = 0;
      const sorted = [...state.rows.entries()].sort((a, b) => a[0] - b[0]);
      for (const [index, row] of sorted) {
        if (gone.has(row.id)) removedLoaded++;
        else rows.set(index - removedLoaded, row);
      }
      const unplaced = ids.length - removedLoaded;
      set({ rows, total: Math.max(0, state.total - removedLoaded) });
      // Rows we never loaded may also have gone (or may not have matched), and a page
      // already on its way was counted before the gap closed: let the server say.
      if (unplaced > 0 || state.query.trim() !== '' || inflight.size > 0) scheduleReconcile();
    },

    readChanged(ids, read) {
      const changed = new Set(ids);
      const state = get();
      let touched = false;
      const rows = new Map(state.rows);
      for (const [index, row] of rows) {
        if (changed.has(row.id) && row.read !== read) {
          rows.set(index, { ...row, read });
          touched = true;
        }
      }
      if (touched) set({ rows });
    },

    indexOfId(id) {
      for (const [index, row] of get().rows) if (row.id === id) return index;
      return -1;
    },
  };
};

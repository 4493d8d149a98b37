/**
 * App chrome state: theme, banners (errors and notices the user must see),
 * which dialog is open, and which tool the nav rail shows.
 */
import type { SliceCreator } from './slice';

/** 'system' follows prefers-color-scheme. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export interface Banner {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export type DialogId = 'settings' | 'confirm-clear' | 'confirm-delete' | 'faults' | null;

/** The tool the nav rail shows. */
export type ToolId = 'inbox' | 'analyze' | 'send' | 'probe';

export interface UiSlice {
  theme: ThemeChoice;
  banners: Banner[];
  dialog: DialogId;
  /** Bumped to ask the search box to take focus (the `/` shortcut). */
  searchFocusRequest: number;
  /** Bumped to ask the reading pane to take focus (Enter). */
  paneFocusRequest: number;
  tool: ToolId;
  /** The captured message the Analyze screen was opened for (its "Analyze" button), if any. */
  analyzeMessageId: number | null;
  /**
   * Bumped by every "Analyze" click, so clicking it again on the same message
   * reloads the message into Analyze (replacing any edits to the text).
   */
  analyzeRequest: number;

  setTheme(theme: ThemeChoice): void;
  pushBanner(kind: Banner['kind'], text: string): void;
  dismissBanner(id: number): void;
  openDialog(dialog: DialogId): void;
  requestSearchFocus(): void;
  requestPaneFocus(): void;
  setTool(tool: ToolId): void;
  /** Open the Analyze screen on a captured message. */
  analyzeMessage(id: number): void;
}

const THEME_KEY = 'mailscope.theme';
const MAX_BANNERS = 4;

function initialTheme(): ThemeChoice {
  try {
    const saved = globalThis.localStorage?.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') return saved;
  } catch {
    // storage unavailable: follow the system
  }
  return 'system';
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => {
  let nextId = 1;
  return {
    theme: initialTheme(),
    banners: [],
    dialog: null,
    searchFocusRequest: 0,
    paneFocusRequest: 0,
    tool: 'inbox',
    analyzeMessageId: null,
    analyzeRequest: 0,

    setTheme(theme) {
      try {
        globalThis.localStorage?.setItem(THEME_KEY, theme);
      } catch {
        // the choice still applies for this run
      }
      set({ theme });
    },

    pushBanner(kind, text) {
      // The same error twice in a row (a retry loop) shows once.
      if (get().banners.some((b) => b.text === text)) return;
      set((s) => ({ banners: [...s.banners, { id: nextId++, kind, text }].slice(-MAX_BANNERS) }));
    },

    dismissBanner(id) {
      set((s) => ({ banners: s.banners.filter((b) => b.id !== id) }));
    },

    openDialog(dialog) {
      set({ dialog });
    },

    requestSearchFocus() {
      set((s) => ({ searchFocusRequest: s.searchFocusRequest + 1 }));
    },

    requestPaneFocus() {
      set((s) => ({ paneFocusRequest: s.paneFocusRequest + 1 }));
    },

    setTool(tool) {
      set({ tool });
    },

    analyzeMessage(id) {
      set((s) => ({ tool: 'analyze', analyzeMessageId: id, analyzeRequest: s.analyzeRequest + 1 }));
    },
  };
};

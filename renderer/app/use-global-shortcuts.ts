/**
 * Window-wide keys: `/` focuses the search box (unless the user is typing
 * somewhere). List keys (arrows, Delete, Enter) belong to the list itself.
 */
import { useEffect } from 'react';
import { useAppStore } from './store-context';

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

export function useGlobalShortcuts(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const state = store.getState();
      if (event.key === '/' && !isTypingTarget(event.target) && state.dialog === null && state.tool === 'inbox') {
        event.preventDefault();
        state.requestSearchFocus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

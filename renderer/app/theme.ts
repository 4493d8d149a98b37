/**
 * Light and dark themes are CSS variables keyed on <html data-theme>. With
 * 'system' the attribute is removed and prefers-color-scheme decides.
 */
import type { ThemeChoice } from '../store/ui-slice';

export function applyTheme(theme: ThemeChoice): void {
  const html = document.documentElement;
  if (theme === 'system') html.removeAttribute('data-theme');
  else html.setAttribute('data-theme', theme);
}

/** The theme actually shown (resolving 'system'). */
export function effectiveTheme(theme: ThemeChoice): 'light' | 'dark' {
  if (theme !== 'system') return theme;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

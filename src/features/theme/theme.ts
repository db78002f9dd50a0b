// Light and dark themes: the saved choice if there is one, else the system's preference (and its
// changes). The theme is a data-theme attribute on <html>; index.html sets it before the first
// paint from the same storage key, so the page never flashes the wrong colours.

import type { Theme } from '../../store/ui-slice';

export const THEME_STORAGE_KEY = 'gan-playground-theme';

function savedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage blocked
  }
}

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function initialTheme(): Theme {
  return savedTheme() ?? systemTheme();
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** Applies and remembers a choice the person made. */
export function saveTheme(theme: Theme): void {
  applyTheme(theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Without storage the choice lasts until the page closes.
  }
}

/** Follows the system's light/dark switch until the person picks a theme themselves. */
export function followSystemTheme(onChange: (theme: Theme) => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const listener = () => {
    if (savedTheme() === null) onChange(systemTheme());
  };
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

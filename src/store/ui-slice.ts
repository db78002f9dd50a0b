// Page-only state: the colour theme and the progress of a long export (GIF, zip).

import type { StateCreator } from 'zustand';

export type Theme = 'light' | 'dark';

export interface TaskProgress {
  readonly label: string;
  /** 0..1 */
  readonly fraction: number;
}

export interface UiSlice {
  theme: Theme;
  task: TaskProgress | null;
  setTheme: (theme: Theme) => void;
  setTask: (task: TaskProgress | null) => void;
}

export function createUiSlice(theme: Theme): StateCreator<UiSlice> {
  return (set) => ({
    theme,
    task: null,
    setTheme: (next) => set({ theme: next }),
    setTask: (task) => set({ task }),
  });
}

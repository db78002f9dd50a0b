// Page-only state: the colour theme, the progress of a long export (GIF, zip), a note on what an
// import did, and a backend switch in progress.

import type { StateCreator } from 'zustand';
import type { BackendChoice, BackendName } from '../worker/protocol';

export type Theme = 'light' | 'dark';

export interface TaskProgress {
  readonly label: string;
  /** 0..1 */
  readonly fraction: number;
}

export interface UiSlice {
  theme: Theme;
  task: TaskProgress | null;
  /** What an import loaded and what it replaced, until dismissed or replaced. */
  notice: string | null;
  /** The backend the worker is restarting on while a switch is under way, else null. */
  switchingTo: BackendChoice | null;
  /** The run's speed on the backend it left in the newest switch (null: it was not training). */
  rateBefore: { readonly backend: BackendName; readonly imagesPerSec: number } | null;
  setTheme: (theme: Theme) => void;
  setTask: (task: TaskProgress | null) => void;
  setNotice: (notice: string | null) => void;
  setSwitchingTo: (choice: BackendChoice | null) => void;
  setRateBefore: (rate: UiSlice['rateBefore']) => void;
}

export function createUiSlice(theme: Theme): StateCreator<UiSlice> {
  return (set) => ({
    theme,
    task: null,
    notice: null,
    switchingTo: null,
    rateBefore: null,
    setTheme: (next) => set({ theme: next }),
    setTask: (task) => set({ task }),
    setNotice: (notice) => set({ notice }),
    setSwitchingTo: (switchingTo) => set({ switchingTo }),
    setRateBefore: (rateBefore) => set({ rateBefore }),
  });
}

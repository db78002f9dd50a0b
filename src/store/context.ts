// Hands the page's store and controller to components without a module-level singleton,
// so each page (and each test) builds its own.

import { createContext, useContext } from 'react';
import type { AppState, AppStore } from './state';
import type { TrainingController } from './training-controller';

export interface AppContextValue {
  readonly store: AppStore;
  readonly controller: TrainingController;
}

export const AppContext = createContext<AppContextValue | null>(null);

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null)
    throw new Error('AppContext is missing: render inside <AppContext value=...>');
  return value;
}

/** Selects one value from the store; re-renders only when it changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useAppContext().store(selector);
}

/** The store itself, for subscriptions that must not re-render on every change (charts). */
export function useAppStore(): AppStore {
  return useAppContext().store;
}

export function useController(): TrainingController {
  return useAppContext().controller;
}

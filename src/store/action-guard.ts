// How the page's button actions fail: every action clears the banner first (unless it acts on
// what the banner says) and puts its own failure there, sorted so the banner can offer the way
// out. A crashed worker is left out: the worker session has already reported it.

import { WorkerCrashedError } from '../worker/client';
import type { AppStore } from './state';
import { messageOf } from '../lib/error-message';

/** Messages of failures that come from the GPU backend rather than the run. */
const BACKEND_FAILURE = /webgl|webgpu|\bgpu\b|context (was )?lost/i;

export type Guard = <A extends unknown[]>(
  action: (...args: A) => Promise<void>,
  keepBanner?: boolean,
) => (...args: A) => Promise<void>;

export function createGuard(store: AppStore): Guard {
  return (action, keepBanner = false) =>
    async (...args) => {
      const s = store.getState;
      try {
        if (!keepBanner) s().clearError();
        await action(...args);
      } catch (err) {
        if (err instanceof WorkerCrashedError) return;
        const message = messageOf(err);
        // A GPU backend that failed beyond the worker's own rescue: offer to move to wasm.
        const kind = BACKEND_FAILURE.test(message) ? 'backend' : 'generic';
        s().showError({ kind, message });
      }
    };
}

// The loss log's revision, for the charts to redraw from, but throttled: the store's subscribe
// hears every change, this hook turns them into at most one re-render every `minIntervalMs`
// (leading and trailing), each in a task of its own. On a slow machine the interval grows to `budgetFactor` times the last
// redraw's cost (from the new revision to the commit), so the charts take at most about
// 1/budgetFactor of the main thread.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/context';

export function useThrottledLossRevision(minIntervalMs: number, budgetFactor: number): number {
  const store = useAppStore();
  const [revision, setRevision] = useState(() => store.getState().lossRevision);
  const publishedAt = useRef(0);
  const costMs = useRef(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      publishedAt.current = performance.now();
      setRevision(store.getState().lossRevision);
    };
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.lossRevision === prev.lossRevision || timer !== null) return;
      const interval = Math.max(minIntervalMs, budgetFactor * costMs.current);
      const wait = publishedAt.current + interval - performance.now();
      // Always in a task of its own, even when due now: the change came from a batch of
      // worker events whose own re-render (status bar, samples) should not share a task with
      // the charts' redraw.
      timer = setTimeout(publish, Math.max(0, wait));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, minIntervalMs, budgetFactor]);

  // Runs after the redraw this revision caused has been committed to the page.
  useLayoutEffect(() => {
    if (publishedAt.current > 0) costMs.current = performance.now() - publishedAt.current;
  }, [revision]);

  return revision;
}

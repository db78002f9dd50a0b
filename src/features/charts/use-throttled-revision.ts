// The loss log's revision, but at most one re-render every `intervalMs`: the store's subscribe
// hears every change, this hook turns them into a few renders a second (leading and trailing).

import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/context';

export function useThrottledLossRevision(intervalMs: number): number {
  const store = useAppStore();
  const [revision, setRevision] = useState(() => store.getState().lossRevision);

  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      last = performance.now();
      setRevision(store.getState().lossRevision);
    };
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.lossRevision === prev.lossRevision || timer !== null) return;
      const wait = last + intervalMs - performance.now();
      if (wait <= 0) publish();
      else timer = setTimeout(publish, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, intervalMs]);

  return revision;
}

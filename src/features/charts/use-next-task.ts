// A value that follows another one task later. Recharts redraws a chart synchronously (its own
// store pushes new data through useSyncExternalStore), so two charts given new data together
// redraw in one long task; the second chart taking its data a task later splits that in two and
// lets input and frames in between.

import { useEffect, useState } from 'react';

export function useNextTask<T>(value: T, enabled: boolean): T {
  const [lagged, setLagged] = useState(value);
  useEffect(() => {
    if (!enabled) return;
    const timer = setTimeout(() => setLagged(value), 0);
    return () => clearTimeout(timer);
  }, [value, enabled]);
  return enabled ? lagged : value;
}

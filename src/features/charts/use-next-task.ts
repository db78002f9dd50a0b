// A value that follows another one task later. Two charts given new data together redraw in one
// task; the second chart taking its data a task later splits that in two and lets input and
// frames in between (it matters most where a redraw is costly).

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

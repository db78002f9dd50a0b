// A value that follows another one some tasks later. Charts given new data together would redraw
// in one task; chart i taking its data i tasks later splits that into one task per chart and lets
// input and frames in between (it matters most where a redraw is costly).

import { useEffect, useState } from 'react';

export function useNextTask<T>(value: T, tasksLater: number): T {
  const [lagged, setLagged] = useState(value);
  useEffect(() => {
    if (tasksLater <= 0) return;
    let left = tasksLater;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      left -= 1;
      if (left === 0) setLagged(value);
      else timer = setTimeout(tick, 0);
    };
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [value, tasksLater]);
  return tasksLater > 0 ? lagged : value;
}

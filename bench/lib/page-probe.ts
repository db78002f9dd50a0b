// Instruments the page from its first script on (installed with context.addInitScript), so the
// benchmark sees what a person would: when each training step's event reaches the page, when a
// sample grid is on screen, and how responsive the main thread stays.
//
//   - step and samples events: read off the Comlink MessagePort that carries the worker's events
//     to the page (every port's 'message' listener is shadowed by one that only records); steps
//     are kept as three numbers in one flat array, not an array per step, so that the probe's own
//     share of the page heap over a long memory run stays a few bytes a step (readProbe turns
//     them back into tuples);
//   - long tasks: PerformanceObserver('longtask'), start and duration;
//   - frames: a requestAnimationFrame loop records every gap over 50 ms, counts all frames, and
//     notes when the sample grid's data-step attribute first shows each new value.
//
// The function is serialized into the page: it must not close over anything.

export interface PageProbeData {
  /** [arrival time, step, imagesPerSec reported by the engine] */
  readonly steps: [number, number, number][];
  /** [arrival time, step, reason] */
  readonly samples: [number, number, string][];
  /** [start, duration] */
  readonly longTasks: [number, number][];
  /** [time, gap] of frames that came more than 50 ms after the previous one */
  readonly slowFrames: [number, number][];
  /** [time, frames so far]: a sample every second, to count frames in any window */
  readonly frameCounts: [number, number][];
  /** [time, step] when the sample grid first showed each step */
  readonly grids: [number, number][];
}

/** What the page holds: PageProbeData with its steps flat, [time, step, rate, time, ...]. */
export type RawProbeData = Omit<PageProbeData, 'steps'> & { readonly steps: number[] };

/** The page's readings as the benchmark reads them. */
export function probeData(raw: RawProbeData): PageProbeData {
  const steps: [number, number, number][] = [];
  for (let i = 0; i + 2 < raw.steps.length; i += 3) {
    steps.push([raw.steps[i], raw.steps[i + 1], raw.steps[i + 2]]);
  }
  return { ...raw, steps };
}

export function installPageProbe(): void {
  const data: RawProbeData = {
    steps: [],
    samples: [],
    longTasks: [],
    slowFrames: [],
    frameCounts: [],
    grids: [],
  };
  (window as unknown as { __bench: RawProbeData }).__bench = data;

  const record = (event: MessageEvent): void => {
    const message = event.data as { argumentList?: { value?: unknown }[] } | null;
    const value = message?.argumentList?.[0]?.value as
      { type?: string; step?: number; imagesPerSec?: number; reason?: string } | undefined;
    if (value?.type === 'step') {
      data.steps.push(performance.now(), value.step ?? -1, value.imagesPerSec ?? 0);
    } else if (value?.type === 'samples') {
      data.samples.push([performance.now(), value.step ?? -1, value.reason ?? '']);
    }
  };
  const add = MessagePort.prototype.addEventListener;
  const watched = new WeakSet<MessagePort>();
  MessagePort.prototype.addEventListener = function (
    this: MessagePort,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (type === 'message' && !watched.has(this)) {
      watched.add(this);
      add.call(this, 'message', record as EventListener);
    }
    // A null listener is allowed (and ignored) by the DOM; the typings say otherwise.
    add.call(this, type, listener as EventListenerOrEventListenerObject, options);
  } as typeof MessagePort.prototype.addEventListener;

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) data.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the list stays empty.
  }

  let last = -1;
  let frames = 0;
  let lastCountAt = 0;
  let lastGrid = '';
  // Found once and kept while it stays in the page: a query every frame would itself load the
  // main thread this probe is measuring.
  let grid: Element | null = null;
  const frame = (t: number): void => {
    frames++;
    if (last >= 0 && t - last > 50) data.slowFrames.push([t, t - last]);
    last = t;
    if (t - lastCountAt >= 1000) {
      data.frameCounts.push([t, frames]);
      lastCountAt = t;
    }
    if (grid === null || !grid.isConnected) {
      grid = document.querySelector('[data-testid="sample-grid"]');
    }
    const step = grid?.getAttribute('data-step');
    if (step && step !== lastGrid) {
      lastGrid = step;
      data.grids.push([t, Number(step)]);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

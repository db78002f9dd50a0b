import { describe, expect, it } from 'vitest';
import { StallWatch } from './stall-watch';

function watch(limitMs = 30_000, tickMs = 1_000) {
  const clock = { t: 0 };
  const w = new StallWatch({ limitMs, tickMs, now: () => clock.t });
  /** Advances the clock in ticks; returns the first report. */
  const run = (ms: number, beatEvery: number | null = null) => {
    let report = null;
    for (let elapsed = tickMs; elapsed <= ms; elapsed += tickMs) {
      clock.t += tickMs;
      if (beatEvery !== null && elapsed % beatEvery === 0) w.beat();
      report ??= w.tick();
    }
    return report;
  };
  return { w, clock, run };
}

describe('stall watch', () => {
  it('stays quiet while heartbeats arrive, however long the run', () => {
    const { run } = watch();
    expect(run(600_000, 2_000)).toBeNull();
  });

  it('reports once when the silence passes the limit, and a beat ends it', () => {
    const { w, run } = watch();
    expect(run(29_000)).toBeNull();
    expect(run(1_000)).toEqual({ silentMs: 30_000 });
    expect(run(20_000)).toBeNull(); // reported already
    expect(w.beat()).toBe(true);
    expect(w.beat()).toBe(false);
    expect(run(29_000)).toBeNull();
    expect(run(1_000)).toEqual({ silentMs: 30_000 });
  });

  it('waits twice as long after "keep waiting"', () => {
    const { w, run } = watch();
    expect(run(30_000)).not.toBeNull();
    w.keepWaiting();
    expect(run(59_000)).toBeNull();
    expect(run(1_000)).toEqual({ silentMs: 60_000 });
  });

  it('does not blame the worker for time the page itself was frozen or asleep', () => {
    const { w, clock, run } = watch();
    run(10_000);
    clock.t += 3_600_000; // the laptop lid was closed
    expect(w.tick()).toBeNull();
    expect(run(29_000)).toBeNull();
    expect(run(1_000)).toEqual({ silentMs: 30_000 });
  });
});

// Timing helpers for the wasm kernel benchmarks. The machine is shared, so besides wall time
// each measurement reports the process's CPU time: with single-threaded wasm (as in Node) CPU
// time is what the work costs when no other process competes for the core.

export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Median over `reps` runs of `f`, after one warm-up run. */
export function measure(f: () => void, reps: number): Timing {
  f();
  const runs: Timing[] = [];
  for (let r = 0; r < reps; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    runs.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wallMs: median(runs.map((t) => t.wallMs)), cpuMs: median(runs.map((t) => t.cpuMs)) };
}

export const fmt = (t: Timing) => `${t.cpuMs.toFixed(1)} ms cpu (${t.wallMs.toFixed(1)} wall)`;

// The 'auto' backend policy with scripted machines: which backends start, what each measures,
// how long it takes (a fake clock advanced by the injected functions), and what gets chosen.

import { describe, expect, it } from 'vitest';
import type { BackendName } from '../ml/backends/init-backend';
import {
  fallbackOrder,
  selectBackend,
  type MeasureOutcome,
  type SelectionDeps,
} from './backend-selection';

interface Machine {
  /** Start failures by backend. */
  readonly cannotStart?: Partial<Record<BackendName, string>>;
  readonly skip?: Partial<Record<BackendName, string>>;
  /** Images/s each backend trains at; a step of `imagesPerStep` images takes 1000*ips/rate ms. */
  readonly rate: Partial<Record<BackendName, number>>;
  /** Milliseconds of warm-up before the timed steps. */
  readonly warmupMs?: number;
  readonly measureThrows?: Partial<Record<BackendName, string>>;
}

const IMAGES_PER_STEP = 64;

/** A fake machine: measure() advances the clock the way stepping at `rate` would. */
function machine(m: Machine) {
  let clock = 0;
  const started: BackendName[] = [];
  const measured: { backend: BackendName; deadline: number }[] = [];
  const deps: SelectionDeps = {
    now: () => clock,
    async skipReason(b) {
      return m.skip?.[b] ?? null;
    },
    async start(b) {
      clock += 10;
      const why = m.cannotStart?.[b];
      if (why !== undefined) throw new Error(why);
      started.push(b);
    },
    async measure(b, deadline): Promise<MeasureOutcome> {
      measured.push({ backend: b, deadline });
      const why = m.measureThrows?.[b];
      if (why !== undefined) throw new Error(why);
      const rate = m.rate[b] ?? 1;
      const stepMs = (1000 * IMAGES_PER_STEP) / rate;
      clock += m.warmupMs ?? 0;
      if (clock + stepMs > deadline) {
        const waited = deadline - clock;
        clock = deadline;
        return {
          kind: 'too-slow',
          belowImagesPerSec: (1000 * IMAGES_PER_STEP) / waited,
          reason: `no step finished within ${waited} ms`,
        };
      }
      let steps = 0;
      const t0 = clock;
      while (steps < 3 && clock + stepMs <= deadline) {
        clock += stepMs;
        steps++;
      }
      return {
        kind: 'measured',
        imagesPerSec: (1000 * IMAGES_PER_STEP * steps) / (clock - t0),
        timedSteps: steps,
      };
    },
  };
  return { deps, started, measured, clock: () => clock };
}

const ALL: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const POLICY = { perBackendMs: 2000, totalMs: 5000 };

describe('selectBackend', () => {
  it('keeps the fastest measured backend (a GPU machine: webgpu beats webgl beats wasm)', async () => {
    const m = machine({ rate: { webgpu: 900, webgl: 600, wasm: 100 } });
    const sel = await selectBackend(ALL, m.deps, POLICY);
    expect(sel.chosen).toBe('webgpu');
    expect(sel.ranking.slice(0, 3)).toEqual(['webgpu', 'webgl', 'wasm']);
    const rates = Object.fromEntries(
      sel.probes.map((p) => [
        p.backend,
        p.status === 'measured' ? Math.round(p.imagesPerSec) : p.status,
      ]),
    );
    expect(rates).toEqual({ wasm: 100, webgpu: 900, webgl: 600, cpu: 'skipped' });
    expect(sel.reason).toMatch(/webgpu measured fastest: 900 images\/s, webgl 600/);
  });

  it('measures wasm first and never measures cpu while wasm works', async () => {
    const m = machine({ rate: { webgl: 300, wasm: 100, cpu: 2 } });
    await selectBackend(['cpu', 'webgl', 'wasm'], m.deps, POLICY);
    expect(m.measured.map((x) => x.backend)).toEqual(['wasm', 'webgl']);
    expect(m.started).not.toContain('cpu');
  });

  it('reports a backend that cannot start, with its reason, and goes on', async () => {
    const m = machine({
      cannotStart: { webgpu: 'no adapter' },
      rate: { webgl: 50, wasm: 100 },
    });
    const sel = await selectBackend(ALL, m.deps, POLICY);
    expect(sel.chosen).toBe('wasm');
    expect(sel.probes.find((p) => p.backend === 'webgpu')).toEqual({
      backend: 'webgpu',
      status: 'failed',
      reason: 'no adapter',
    });
    expect(sel.ranking[0]).toBe('wasm');
    expect(sel.ranking).toContain('webgl');
  });

  it('gives up on a backend whose first step outlasts its budget (software GPU)', async () => {
    const m = machine({ rate: { webgl: 2, wasm: 100 } });
    const sel = await selectBackend(['webgl', 'wasm', 'cpu'], m.deps, POLICY);
    expect(sel.chosen).toBe('wasm');
    const webgl = sel.probes.find((p) => p.backend === 'webgl');
    expect(webgl?.status).toBe('too-slow');
    // The bound is what was learned: not one 64-image step in the ~2 s it was given.
    if (webgl?.status === 'too-slow') expect(webgl.belowImagesPerSec).toBeLessThan(40);
    expect(sel.ranking[0]).toBe('wasm');
  });

  it('does not measure when only one backend is worth running', async () => {
    const m = machine({
      skip: { webgl: 'WebGL renders in software', webgpu: 'software adapter' },
      rate: { wasm: 100 },
    });
    const sel = await selectBackend(ALL, m.deps, POLICY);
    expect(sel.chosen).toBe('wasm');
    expect(m.measured).toEqual([]);
    expect(sel.probes.map((p) => p.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(sel.reason).toMatch(/without a comparison/);
  });

  it('falls back to cpu when wasm cannot start', async () => {
    const m = machine({
      cannotStart: { wasm: 'binary not found', webgpu: 'no adapter' },
      skip: { webgl: 'no WebGL' },
      rate: { cpu: 2 },
    });
    const sel = await selectBackend(ALL, m.deps, POLICY);
    expect(sel.chosen).toBe('cpu');
    expect(sel.probes.find((p) => p.backend === 'wasm')?.status).toBe('failed');
  });

  it('keeps the whole selection within the total budget', async () => {
    // Every measurement uses its whole allowance: the third would start after the total.
    const m = machine({ rate: { wasm: 10, webgpu: 10, webgl: 10 }, warmupMs: 1500 });
    const sel = await selectBackend(ALL, m.deps, { perBackendMs: 2000, totalMs: 3000 });
    expect(m.clock()).toBeLessThanOrEqual(3000 + 50); // starts cost 10 ms each
    for (const { deadline } of m.measured) expect(deadline).toBeLessThanOrEqual(3000);
    expect(sel.probes.find((p) => p.backend === 'webgl')?.status).toBe('skipped');
    expect(sel.ms).toBe(m.clock());
  });

  it('skips a backend whose measurement throws and chooses among the rest', async () => {
    const m = machine({
      rate: { webgpu: 900, wasm: 100 },
      measureThrows: { webgpu: 'device lost' },
    });
    const sel = await selectBackend(ALL, m.deps, POLICY);
    expect(sel.chosen).toBe('wasm');
    expect(sel.probes.find((p) => p.backend === 'webgpu')).toMatchObject({
      status: 'failed',
      reason: 'device lost',
    });
  });

  it('throws, listing every reason, when nothing starts', async () => {
    const m = machine({
      cannotStart: { wasm: 'no wasm', cpu: 'broken' },
      skip: { webgl: 'no WebGL', webgpu: 'no WebGPU' },
      rate: {},
    });
    await expect(selectBackend(ALL, m.deps, POLICY)).rejects.toThrow(
      /wasm: no wasm; webgpu: no WebGPU; webgl: no WebGL; cpu: broken/,
    );
  });
});

describe('fallbackOrder', () => {
  it('follows the measured ranking without the failed backend', () => {
    expect(fallbackOrder('webgpu', ['webgpu', 'webgl', 'wasm', 'cpu'])).toEqual([
      'webgl',
      'wasm',
      'cpu',
    ]);
  });

  it('prefers wasm for a forced backend and skips the ones already given up on', () => {
    expect(fallbackOrder('webgl', null)).toEqual(['wasm', 'webgpu', 'cpu']);
    expect(fallbackOrder('webgl', null, ['webgpu'])).toEqual(['wasm', 'cpu']);
  });
});

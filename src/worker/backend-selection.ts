// Picking the tfjs backend for 'auto' by measuring, not guessing. Which backend trains fastest
// depends on the machine far more than on anything a page can read: on a laptop GPU webgl or
// webgpu wins, on a machine without one they run in software (SwiftShader) tens to hundreds of
// times slower than wasm. So each candidate trains a few steps of the run's own model and the
// fastest wins, within a time budget so the page never waits more than a few seconds.
//
// Pure: starting a backend, probing it and timing steps are injected (backend-measure.ts does
// it for real), so the policy is unit-tested with scripted outcomes.

import { messageOf } from '../lib/error-message';
import type { BackendName } from '../ml/backends/init-backend';

/** What measuring one backend found. */
export type BackendProbe =
  | {
      readonly backend: BackendName;
      readonly status: 'measured';
      /** Training throughput: images per second over the timed steps. */
      readonly imagesPerSec: number;
      /** Timed steps behind the figure (0: only warm-up steps finished, the figure is rough). */
      readonly timedSteps: number;
      /** Wall time spent on this backend, warm-up included. */
      readonly ms: number;
    }
  | {
      readonly backend: BackendName;
      /** Stopped: no step finished within its budget, so it is slower than `belowImagesPerSec`. */
      readonly status: 'too-slow';
      readonly belowImagesPerSec: number;
      readonly ms: number;
      readonly reason: string;
    }
  | {
      readonly backend: BackendName;
      /** Could not start, or a step threw. */
      readonly status: 'failed';
      readonly reason: string;
    }
  | {
      readonly backend: BackendName;
      /** Not measured (software GPU, cpu while wasm works, out of time, nothing to compare). */
      readonly status: 'skipped';
      readonly reason: string;
    };

/** The outcome of timing training steps on one started backend. */
export type MeasureOutcome =
  | { readonly kind: 'measured'; readonly imagesPerSec: number; readonly timedSteps: number }
  | { readonly kind: 'too-slow'; readonly belowImagesPerSec: number; readonly reason: string };

export interface SelectionDeps {
  /** Makes `backend` the active one; throws with the reason when it cannot start. */
  start(backend: BackendName): Promise<void>;
  /**
   * A reason not to measure `backend` at all (e.g. "WebGL renders in software here"), or null.
   * Asked before starting it.
   */
  skipReason(backend: BackendName): Promise<string | null>;
  /**
   * Times training steps on the started `backend` and stops at `deadline` (a `now()` value),
   * aborting a step still running if the backend allows it. Throws if a step fails.
   */
  measure(backend: BackendName, deadline: number): Promise<MeasureOutcome>;
  /** Milliseconds, monotonic (performance.now()). */
  now(): number;
}

export interface SelectionPolicy {
  /** Longest time one backend may take, warm-up included. */
  readonly perBackendMs: number;
  /** Longest time the whole selection may take (measurements start only while time is left). */
  readonly totalMs: number;
}

/** About two seconds per backend and five in all: a page start stays quick. */
export const DEFAULT_SELECTION_POLICY: SelectionPolicy = { perBackendMs: 2000, totalMs: 5000 };

export interface BackendSelection {
  /** The backend to train on. */
  readonly chosen: BackendName;
  /** One sentence for the page: why this one. */
  readonly reason: string;
  /** Every candidate, in the order they were considered. */
  readonly probes: readonly BackendProbe[];
  /** Fallback order after `chosen`: the ones that started, fastest first, then the rest. */
  readonly ranking: readonly BackendName[];
  /** Wall time the selection took. */
  readonly ms: number;
}

/**
 * The order candidates are considered in. wasm goes first: it is the cheapest to measure and
 * the most predictable, so the GPU backends after it are measured against a known figure. cpu
 * is only a last resort (it is 50-100 times slower than wasm on these models).
 */
const CONSIDER_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];

/** Fallback preference when nothing was measured: reliable before fast-when-it-works. */
const FALLBACK_PREFERENCE: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];

/**
 * Measures the candidates and keeps the fastest. Throws only if no candidate can start at all;
 * the backend left active is unspecified (the caller starts `chosen`).
 */
export async function selectBackend(
  candidates: readonly BackendName[],
  deps: SelectionDeps,
  policy: SelectionPolicy = DEFAULT_SELECTION_POLICY,
): Promise<BackendSelection> {
  const started = deps.now();
  const ordered = CONSIDER_ORDER.filter((b) => candidates.includes(b));
  const probes = new Map<BackendName, BackendProbe>();

  // 1. Which candidates can run at all (cheap: no training yet).
  const viable: BackendName[] = [];
  for (const backend of ordered) {
    if (backend === 'cpu' && viable.includes('wasm')) {
      probes.set(backend, {
        backend,
        status: 'skipped',
        reason: 'not measured: WebAssembly works and is far faster',
      });
      continue;
    }
    const skip = await deps.skipReason(backend);
    if (skip !== null) {
      probes.set(backend, { backend, status: 'skipped', reason: skip });
      continue;
    }
    try {
      await deps.start(backend);
      viable.push(backend);
    } catch (err) {
      probes.set(backend, { backend, status: 'failed', reason: messageOf(err) });
    }
  }
  if (viable.length === 0) {
    const detail = ordered.map((b) => `${b}: ${reasonOf(probes.get(b))}`).join('; ');
    throw new Error(`No tfjs backend could start (${detail})`);
  }

  // 2. Time training steps on each, unless there is nothing to compare.
  if (viable.length === 1) {
    const only = viable[0];
    probes.set(only, {
      backend: only,
      status: 'skipped',
      reason: 'not measured: the only backend worth running here',
    });
  } else {
    for (const backend of viable) {
      const t0 = deps.now();
      const left = started + policy.totalMs - t0;
      if (left <= 0) {
        probes.set(backend, {
          backend,
          status: 'skipped',
          reason: 'not measured: the time for choosing a backend ran out',
        });
        continue;
      }
      const deadline = t0 + Math.min(policy.perBackendMs, left);
      try {
        await deps.start(backend);
        const outcome = await deps.measure(backend, deadline);
        const ms = deps.now() - t0;
        probes.set(
          backend,
          outcome.kind === 'measured'
            ? {
                backend,
                status: 'measured',
                imagesPerSec: outcome.imagesPerSec,
                timedSteps: outcome.timedSteps,
                ms,
              }
            : {
                backend,
                status: 'too-slow',
                belowImagesPerSec: outcome.belowImagesPerSec,
                reason: outcome.reason,
                ms,
              },
        );
      } catch (err) {
        probes.set(backend, { backend, status: 'failed', reason: messageOf(err) });
      }
    }
  }

  const list = ordered.map((b) => probes.get(b)).filter((p): p is BackendProbe => p !== undefined);
  const measured = list
    .filter((p): p is Extract<BackendProbe, { status: 'measured' }> => p.status === 'measured')
    .sort((a, b) => b.imagesPerSec - a.imagesPerSec);
  // Started and not found wanting: measured ones fastest first, then unmeasured ones (out of
  // time, or the only one). A too-slow backend was stopped mid-step and cannot serve any more.
  const unmeasured = FALLBACK_PREFERENCE.filter(
    (b) => viable.includes(b) && probes.get(b)?.status === 'skipped',
  );
  const rankedUsable = [...measured.map((p) => p.backend), ...unmeasured];
  if (rankedUsable.length === 0) {
    const detail = list.map((p) => `${p.backend}: ${reasonOf(p)}`).join('; ');
    throw new Error(`No tfjs backend could train (${detail})`);
  }
  const chosen = rankedUsable[0];
  const rest = FALLBACK_PREFERENCE.filter(
    (b) => candidates.includes(b) && !rankedUsable.includes(b),
  );
  return {
    chosen,
    reason: reasonFor(chosen, measured, probes),
    probes: list,
    ranking: [...rankedUsable, ...rest],
    ms: deps.now() - started,
  };
}

/**
 * Where to go when `failed` stops working: the selection's ranking (or, for a backend the
 * user forced, the usual preference) without the failed backend and any already given up on.
 */
export function fallbackOrder(
  failed: BackendName,
  ranking: readonly BackendName[] | null,
  givenUp: readonly BackendName[] = [],
): BackendName[] {
  const base = ranking ?? FALLBACK_PREFERENCE;
  const order = [...base, ...FALLBACK_PREFERENCE.filter((b) => !base.includes(b))];
  return order.filter((b) => b !== failed && !givenUp.includes(b));
}

function reasonFor(
  chosen: BackendName,
  measured: readonly Extract<BackendProbe, { status: 'measured' }>[],
  probes: ReadonlyMap<BackendName, BackendProbe>,
): string {
  const top = measured[0];
  if (top !== undefined && top.backend === chosen) {
    const next = measured[1];
    const rate = `${formatRate(top.imagesPerSec)} images/s`;
    return next === undefined
      ? `${chosen} measured fastest (${rate}; the others were slower or did not run).`
      : `${chosen} measured fastest: ${rate}, ${next.backend} ${formatRate(next.imagesPerSec)}.`;
  }
  const probe = probes.get(chosen);
  return `${chosen} chosen without a comparison (${reasonOf(probe)}).`;
}

function reasonOf(probe: BackendProbe | undefined): string {
  if (probe === undefined) return 'not considered';
  switch (probe.status) {
    case 'measured':
      return `${formatRate(probe.imagesPerSec)} images/s`;
    case 'too-slow':
      return probe.reason;
    case 'failed':
    case 'skipped':
      return probe.reason;
  }
}

function formatRate(imagesPerSec: number): string {
  return imagesPerSec >= 10 ? imagesPerSec.toFixed(0) : imagesPerSec.toPrecision(2);
}

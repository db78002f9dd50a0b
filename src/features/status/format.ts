// Formatting for the status bar: fixed shapes so numbers can change without the bar moving.

import type { RunSpec } from '../../ml/train/types';
import type { RunPhase } from '../../store/run-slice';

const PHASE_TEXT: Record<RunPhase, string> = {
  none: 'no run',
  loading: 'loading data',
  creating: 'building',
  idle: 'ready',
  running: 'training',
  pausing: 'pausing',
  paused: 'paused',
  stopped: 'stopped',
};

/**
 * What the status bar's state says, and its styling key: a crashed worker, a worker the stall
 * banner reports as silent ('not responding', never 'training'), else the run's phase.
 */
export function shownState(
  runPhase: RunPhase,
  crashed: boolean,
  stalled: boolean,
): { phase: RunPhase | 'crashed' | 'stalled'; text: string } {
  if (crashed) return { phase: 'crashed', text: 'crashed' };
  if (stalled) return { phase: 'stalled', text: 'not responding' };
  return { phase: runPhase, text: PHASE_TEXT[runPhase] };
}

/** Real images one training step consumes (a GAN step makes dStepsPerG discriminator updates). */
export function imagesPerStep(spec: RunSpec): number {
  return spec.model.batchSize * (spec.model.kind === 'dcgan' ? spec.model.dStepsPerG : 1);
}

/** Seconds until the epoch ends at the current speed; null when unknown. */
export function epochEtaSeconds(
  stepInEpoch: number,
  stepsPerEpoch: number | null,
  imagesPerSec: number | null,
  spec: RunSpec | null,
): number | null {
  if (stepsPerEpoch === null || imagesPerSec === null || imagesPerSec <= 0 || spec === null)
    return null;
  const remaining = Math.max(0, stepsPerEpoch - stepInEpoch);
  return (remaining * imagesPerStep(spec)) / imagesPerSec;
}

/** "42 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const m = Math.floor(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

export function formatRate(imagesPerSec: number | null): string {
  if (imagesPerSec === null) return '–';
  return imagesPerSec >= 100 ? imagesPerSec.toFixed(0) : imagesPerSec.toFixed(1);
}

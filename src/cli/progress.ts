// A one-line progress bar for the terminal: steps done, losses and throughput. Redraws in place
// on a TTY; elsewhere (CI logs) prints a line every 10% so logs stay short.

import type { Losses } from '../ml/train/types';

export function formatLosses(losses: Losses): string {
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4));
  if (losses.kind === 'vae')
    return `loss ${f(losses.total)}  recon ${f(losses.recon)}  KL ${f(losses.kl)}`;
  // Gradient norms span decades (minimax's generator falls towards 0): three significant digits.
  const g = (v: number) => v.toPrecision(3);
  return (
    `D ${f(losses.dLoss)}  G ${f(losses.gLoss)}  D(x) ${losses.dReal.toFixed(2)}  ` +
    `D(G(z)) ${losses.dFake.toFixed(2)}  |grad G| ${g(losses.gGradNorm)}  ` +
    `|grad D| ${g(losses.dGradNorm)}  W ${f(losses.wDistance)}`
  );
}

/** `[#####...]  42%` for a fraction of the run done, 0..1. */
export function renderBar(frac: number, width = 24): string {
  const f = Math.min(1, Math.max(0, frac));
  const filled = Math.round(f * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}%`;
}

/** What the bar shows progress against: a step target, a time budget or both (see budget.ts). */
export interface BarProgress {
  /** The step training stops at, shown as "step 3/200"; null when only time limits the run. */
  readonly targetStep: number | null;
  /** How far along the run is at this step, 0..1. */
  fraction(step: number): number;
}

/** The part of a terminal stream the bar uses (process.stderr; a plain object in tests). */
export interface BarStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export class ProgressBar {
  private lastDecile = -1;

  constructor(
    private readonly progress: BarProgress,
    private readonly stream: BarStream = process.stderr,
  ) {}

  update(step: number, epoch: number, losses: Losses, imagesPerSec: number): void {
    const frac = this.progress.fraction(step);
    const { targetStep } = this.progress;
    const of = targetStep === null ? '' : `/${targetStep}`;
    const line = `${renderBar(frac)} step ${step}${of}  epoch ${epoch}  ${formatLosses(losses)}  ${imagesPerSec.toFixed(1)} img/s`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 200) - 1)}\x1b[K`);
      return;
    }
    const decile = Math.floor(10 * frac);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${line}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

// Running means of the losses over an epoch, and the loss history kept for export and charts.

import { LOSS_KEYS, type HistoryPoint, type LossKey, type Losses } from './types';

export function lossValues(losses: Losses): number[] {
  return losses.kind === 'dcgan'
    ? LOSS_KEYS.dcgan.map((key) => losses[key])
    : LOSS_KEYS.vae.map((key) => losses[key]);
}

export function allFinite(losses: Losses): boolean {
  return lossValues(losses).every(Number.isFinite);
}

export class LossMean {
  private sums: number[] = [];
  private count = 0;
  private template: Losses | null = null;

  add(losses: Losses): void {
    const values = lossValues(losses);
    if (this.count === 0) this.sums = values.map(() => 0);
    values.forEach((v, i) => (this.sums[i] += v));
    this.template = losses;
    this.count++;
  }

  /** The mean losses, or null when nothing was added. */
  mean(): Losses | null {
    if (this.template === null || this.count === 0) return null;
    const m = this.sums.map((s) => s / this.count);
    const keys: readonly LossKey[] = LOSS_KEYS[this.template.kind];
    const mean = Object.fromEntries(keys.map((key, i) => [key, m[i]]));
    return { kind: this.template.kind, ...mean } as unknown as Losses;
  }

  reset(): void {
    this.sums = [];
    this.count = 0;
    this.template = null;
  }
}

/** Keeps at most `limit` points by halving the resolution of old points when full. */
export class LossHistory {
  private points: HistoryPoint[] = [];
  private stride = 1;

  constructor(
    private readonly limit = 20_000,
    initial: readonly HistoryPoint[] = [],
  ) {
    this.points = [...initial];
  }

  push(point: HistoryPoint): void {
    if (point.step % this.stride !== 0) return;
    this.points.push(point);
    if (this.points.length > this.limit) {
      this.stride *= 2;
      this.points = this.points.filter((p) => p.step % this.stride === 0);
    }
  }

  get all(): readonly HistoryPoint[] {
    return this.points;
  }
}

// Every per-step loss of the current run, kept outside React state: steps can arrive tens of
// times a second and runs last for hundreds of thousands of steps. The store holds one log and
// changes it only through its metrics slice, which bumps `lossRevision` with every change;
// everyone else sees it as a ReadonlyLossLog. Charts subscribe to the revision and redraw
// throttled.

import { LOSS_KEYS, type HistoryPoint, type Losses, type VaeLossKey } from '../ml/train/types';

/** The KL weight is a schedule, not a measurement: it is not charted. */
const VAE_SERIES = LOSS_KEYS.vae.filter(
  (key): key is Exclude<VaeLossKey, 'klWeight'> => key !== 'klWeight',
);

export type GanSeries = (typeof LOSS_KEYS.dcgan)[number];
export type VaeSeries = (typeof VAE_SERIES)[number];
export type SeriesKey = GanSeries | VaeSeries;

/** One logged step: its number and its losses. */
export type LossPoint = Pick<HistoryPoint, 'step' | 'losses'>;

export const SERIES_BY_KIND: Readonly<Record<Losses['kind'], readonly SeriesKey[]>> = {
  dcgan: LOSS_KEYS.dcgan,
  vae: VAE_SERIES,
};

/** What readers of the log see: the steps and each series, index for index. */
export interface ReadonlyLossLog {
  readonly kind: Losses['kind'] | null;
  readonly length: number;
  readonly steps: readonly number[];
  readonly lastStep: number;
  values(key: SeriesKey): readonly number[];
  /** Whether any step has a finite value of `key` (runs saved before a key existed have none). */
  recorded(key: SeriesKey): boolean;
}

export class LossLog implements ReadonlyLossLog {
  private modelKind: Losses['kind'] | null = null;
  private readonly stepList: number[] = [];
  private readonly series = new Map<SeriesKey, number[]>();
  /** Finite values per series, so `recorded` needs no scan. */
  private readonly finite = new Map<SeriesKey, number>();

  get kind(): Losses['kind'] | null {
    return this.modelKind;
  }

  get length(): number {
    return this.stepList.length;
  }

  get steps(): readonly number[] {
    return this.stepList;
  }

  get lastStep(): number {
    return this.stepList.length === 0 ? 0 : this.stepList[this.stepList.length - 1];
  }

  values(key: SeriesKey): readonly number[] {
    return this.series.get(key) ?? [];
  }

  recorded(key: SeriesKey): boolean {
    return (this.finite.get(key) ?? 0) > 0;
  }

  /** Appends one step. A step at or before the last one (after a rollback) cuts the tail first. */
  push(step: number, losses: Losses): void {
    if (this.modelKind !== losses.kind) this.reset(losses.kind);
    if (step <= this.lastStep) this.truncateAfter(step - 1);
    this.stepList.push(step);
    // A point from a file written before a key existed lacks it: NaN, drawn as a gap.
    const record = losses as unknown as Partial<Record<SeriesKey, unknown>>;
    for (const key of SERIES_BY_KIND[losses.kind]) {
      const value = record[key];
      const number = typeof value === 'number' ? value : Number.NaN;
      this.series.get(key)!.push(number);
      if (Number.isFinite(number)) this.finite.set(key, (this.finite.get(key) ?? 0) + 1);
    }
  }

  /** Appends steps in order, as push does one. */
  append(points: readonly LossPoint[]): void {
    for (const point of points) this.push(point.step, point.losses);
  }

  /** Replaces everything with a run's recorded history (import, resume, rollback). */
  load(history: readonly LossPoint[]): void {
    this.clear();
    this.append(history);
  }

  /** Drops every step after `step`. */
  truncateAfter(step: number): void {
    let n = this.stepList.length;
    while (n > 0 && this.stepList[n - 1] > step) n--;
    this.stepList.length = n;
    for (const [key, values] of this.series) {
      let cut = 0;
      for (let i = n; i < values.length; i++) if (Number.isFinite(values[i])) cut++;
      this.finite.set(key, (this.finite.get(key) ?? 0) - cut);
      values.length = n;
    }
  }

  clear(): void {
    this.modelKind = null;
    this.stepList.length = 0;
    this.series.clear();
    this.finite.clear();
  }

  private reset(kind: Losses['kind']): void {
    this.clear();
    this.modelKind = kind;
    for (const key of SERIES_BY_KIND[kind]) this.series.set(key, []);
  }
}

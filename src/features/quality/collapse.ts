// When the mode-collapse meter warns. Effective classes (exp of the entropy of the classifier's
// predictions on the samples) fall when a generator keeps producing a few kinds of image: warn
// when fewer than 60% of the classes are effectively covered, or when coverage has dropped by
// more than a third from the run's best (a generator that covered the classes and lost them).

export type CollapseState = 'ok' | 'warning';

/** Below this fraction of the classes (6 of 10) the meter warns. */
export const COLLAPSE_FLOOR = 0.6;
/** A fall below this fraction of the run's best effective classes warns too. */
export const COLLAPSE_DROP = 2 / 3;

export interface CollapseVerdict {
  readonly state: CollapseState;
  readonly current: number;
  readonly best: number;
  readonly classes: number;
  /** One sentence for the page: why it warns, or that the spread is fine. */
  readonly message: string;
}

/** `history`: effective classes per measured epoch, oldest first (at least one). */
export function collapseVerdict(history: readonly number[], classes: number): CollapseVerdict {
  if (history.length === 0) throw new Error('collapseVerdict needs at least one measurement');
  const current = history[history.length - 1];
  const best = Math.max(...history);
  const floor = COLLAPSE_FLOOR * classes;
  const base = { current, best, classes };
  if (current < floor) {
    return {
      ...base,
      state: 'warning',
      message:
        `Possible mode collapse: samples spread over only ${current.toFixed(1)} of ${classes} ` +
        `classes (warns below ${floor.toFixed(0)}).`,
    };
  }
  if (current < COLLAPSE_DROP * best) {
    return {
      ...base,
      state: 'warning',
      message:
        `Possible mode collapse: coverage fell from ${best.toFixed(1)} to ${current.toFixed(1)} ` +
        `classes (more than a third).`,
    };
  }
  return {
    ...base,
    state: 'ok',
    message: `Samples spread over ${current.toFixed(1)} of ${classes} classes.`,
  };
}

// How long the headless trainer trains: a step target, a wall-clock budget, or both (whichever
// comes first). The clock is passed in, so the stop rule is tested with a fake clock, not sleeps.

export type StopReason = 'steps' | 'time';

export interface BudgetLimits {
  /** The trainer's step when training starts (non-zero when a run continues with --init). */
  readonly startStep: number;
  /** Stop once the trainer reaches this step; null: no step limit. */
  readonly targetStep: number | null;
  /** Stop at the first step end this many ms after training started; null: no time limit. */
  readonly budgetMs: number | null;
}

/** Made when training starts: the clock starts then. Also what the progress bar reads. */
export class TrainingBudget implements BudgetLimits {
  readonly startStep: number;
  readonly targetStep: number | null;
  readonly budgetMs: number | null;
  /** When training started, in the clock's milliseconds. */
  readonly startedAt: number;

  constructor(
    limits: BudgetLimits,
    private readonly now: () => number = Date.now,
  ) {
    if (limits.targetStep === null && limits.budgetMs === null) {
      throw new Error('A training budget needs a step target, a time budget or both');
    }
    this.startStep = limits.startStep;
    this.targetStep = limits.targetStep;
    this.budgetMs = limits.budgetMs;
    this.startedAt = now();
  }

  /** Asked between steps: why training should stop now, or null to take another step. */
  stopReason(step: number): StopReason | null {
    const { targetStep, budgetMs } = this;
    if (targetStep !== null && step >= targetStep) return 'steps';
    if (budgetMs !== null && this.elapsedMs() >= budgetMs) return 'time';
    return null;
  }

  /** How far along training is, 0..1: the larger of the step and the time fractions. */
  fraction(step: number): number {
    const { startStep, targetStep, budgetMs } = this;
    // The target is at least one step past the start (--steps and --epochs are at least 1).
    const bySteps =
      targetStep === null ? 0 : (step - startStep) / Math.max(1, targetStep - startStep);
    const byTime = budgetMs === null ? 0 : this.elapsedMs() / budgetMs;
    return Math.min(1, Math.max(0, bySteps, byTime));
  }

  elapsedMs(): number {
    return this.now() - this.startedAt;
  }
}

/** "200 steps", "up to 2 min" or "200 steps or up to 2 min, whichever comes first". */
export function describeBudget(steps: number | null, minutes: number | null): string {
  const s = steps === null ? null : `${steps} step${steps === 1 ? '' : 's'}`;
  const m = minutes === null ? null : `up to ${minutes} min`;
  if (s !== null && m !== null) return `${s} or ${m}, whichever comes first`;
  return s ?? m ?? '';
}

// Epoch-end checkpoints taken inside the worker: the weights JSON with Adam's state, for the page
// to keep (IndexedDB, resume after a reload, roll back after a divergence, resume after a crash).
//
// Why here and not from the page: by the time a page request arrives the loop has run more steps,
// and serializeWeights reads tensors one by one with awaits in between, so a step could land in
// the middle of the read. The checkpoint starts synchronously on the epoch event and a gate in
// front of the runtime's training step holds the next step until every tensor has been read: the
// file is exactly the state at the epoch's end.

import type { Trainer } from '../ml/engine/trainer';

export interface Checkpoint {
  readonly step: number;
  readonly epoch: number;
  readonly json: string;
}

/**
 * Epochs can be a few steps long (demos, tests) and a checkpoint costs an export (slow where
 * reading tensors back is slow, as on software WebGL), so checkpoints are spaced by at least
 * this, and by this many times the last one's duration: training never spends more than about
 * a tenth of its time on them.
 */
export const CHECKPOINT_MIN_INTERVAL_MS = 3000;
export const CHECKPOINT_COST_FACTOR = 10;

export class Checkpointer {
  private latest: Checkpoint | null = null;
  private pending: Promise<void> | null = null;
  private lastTakenAt = -Infinity;
  private lastDurationMs = 0;
  private readonly gated = new WeakSet<Trainer>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Puts the gate in front of `trainer`'s steps (once per trainer). */
  attach(trainer: Trainer): void {
    if (this.gated.has(trainer)) return;
    this.gated.add(trainer);
    const runtime = trainer.runtime;
    const trainStep = runtime.trainStep.bind(runtime);
    // An own property shadows the prototype's method for this runtime only.
    runtime.trainStep = async (...args) => {
      while (this.pending !== null) await this.pending;
      return trainStep(...args);
    };
  }

  /**
   * Call synchronously from the trainer's epoch event. Starts a checkpoint unless one is in
   * flight or the last one is too recent (`force` ignores the spacing).
   */
  onEpochEnd(trainer: Trainer, force = false): void {
    if (this.pending !== null) return;
    const spacing = Math.max(
      CHECKPOINT_MIN_INTERVAL_MS,
      CHECKPOINT_COST_FACTOR * this.lastDurationMs,
    );
    if (!force && this.now() - this.lastTakenAt < spacing) return;
    const step = trainer.step;
    const epoch = trainer.epoch;
    const started = this.now();
    this.pending = trainer
      .exportWeights({ includeOptimizer: true })
      .then((json) => {
        this.latest = { step, epoch, json };
        this.lastTakenAt = this.now();
        this.lastDurationMs = this.lastTakenAt - started;
      })
      .catch(() => {
        // A failed checkpoint keeps the previous one; the run itself reports its own errors.
      })
      .finally(() => {
        this.pending = null;
      });
  }

  /** The newest checkpoint, after any in flight has finished. */
  async newest(): Promise<Checkpoint | null> {
    while (this.pending !== null) await this.pending;
    return this.latest;
  }

  /** Forgets the checkpoint (a new or imported run starts its own history). */
  reset(): void {
    this.latest = null;
    this.lastTakenAt = -Infinity;
    this.lastDurationMs = 0;
  }
}

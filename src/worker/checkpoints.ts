// Checkpoints taken inside the worker at epoch ends and at least every minute of training: the
// weights JSON with Adam's state, for the page to keep (IndexedDB, resume after a reload, roll
// back after a divergence, resume after a crash). An epoch can last many minutes, so the clock,
// not the epoch, bounds what a reload or a crash loses.
//
// Why here and not from the page: by the time a page request arrives the loop has run more steps,
// and serializeWeights reads tensors one by one with awaits in between, so a step could land in
// the middle of the read. The checkpoint starts synchronously on the epoch event and a step gate
// (Trainer.addStepGate) holds the next step until every tensor has been read: the file is exactly
// the state at the epoch's end. StateCapture does that reading; Checkpointer decides when.

import type { Trainer } from '../ml/train/trainer';

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
/** Between epoch ends, a checkpoint once this much time has passed since the last one. */
export const CHECKPOINT_EVERY_MS = 60_000;

export interface CheckpointerOptions {
  readonly now?: () => number;
  /** Time between checkpoints within an epoch (default CHECKPOINT_EVERY_MS). */
  readonly everyMs?: number;
  /** Called when a checkpoint has been taken (the worker tells the page). */
  readonly onTaken?: (checkpoint: Checkpoint) => void;
}

/**
 * Reads a trainer's exact state (weights with Adam's state) between two steps, holding its next
 * step until the read is done, and keeps the newest. The worker's checkpoints and the failover's
 * rescue snapshots each have one.
 */
export class StateCapture {
  private latest: Checkpoint | null = null;
  private pending: Promise<void> | null = null;
  private readonly gated = new WeakSet<Trainer>();

  /** True while a capture is being read. */
  get busy(): boolean {
    return this.pending !== null;
  }

  /** Makes `trainer`'s steps wait for a capture in flight (once per trainer). */
  attach(trainer: Trainer): void {
    if (this.gated.has(trainer)) return;
    this.gated.add(trainer);
    trainer.addStepGate(() => this.settled());
  }

  /**
   * Starts a capture of `trainer` unless one is in flight; `onTaken` hears it once it is read.
   * Call between steps or synchronously from a trainer event.
   */
  take(trainer: Trainer, onTaken: (checkpoint: Checkpoint) => void = () => {}): void {
    if (this.pending !== null) return;
    const step = trainer.step;
    const epoch = trainer.epoch;
    this.pending = trainer
      .exportWeights({ includeOptimizer: true })
      .then((json) => {
        const checkpoint = { step, epoch, json };
        this.latest = checkpoint;
        onTaken(checkpoint);
      })
      .catch(() => {
        // A failed capture keeps the previous one; the run itself reports its own errors.
      })
      .finally(() => {
        this.pending = null;
      });
  }

  /** The newest capture, after any in flight has finished. */
  async newest(): Promise<Checkpoint | null> {
    await this.settled();
    return this.latest;
  }

  private async settled(): Promise<void> {
    while (this.pending !== null) await this.pending;
  }
}

export class Checkpointer {
  private readonly capture = new StateCapture();
  private lastTakenAt = -Infinity;
  private lastDurationMs = 0;
  private readonly now: () => number;
  private readonly everyMs: number;
  private readonly onTaken: (checkpoint: Checkpoint) => void;
  // The first step of the run (null before it): the first timed checkpoint counts from there,
  // not from when the run was built.
  private startedAt: number | null = null;

  constructor(options: CheckpointerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS;
    this.onTaken = options.onTaken ?? (() => {});
  }

  /** Holds `trainer`'s steps while a checkpoint of it is read (once per trainer). */
  attach(trainer: Trainer): void {
    this.capture.attach(trainer);
  }

  /**
   * Call synchronously from the trainer's epoch event. Starts a checkpoint unless one is in
   * flight or the last one is too recent.
   */
  onEpochEnd(trainer: Trainer): void {
    if (this.capture.busy) return;
    const spacing = Math.max(
      CHECKPOINT_MIN_INTERVAL_MS,
      CHECKPOINT_COST_FACTOR * this.lastDurationMs,
    );
    if (this.now() - this.lastTakenAt < spacing) return;
    this.takeNow(trainer);
  }

  /**
   * Call synchronously from the trainer's step event. Starts a checkpoint once `everyMs` has
   * passed since the last one (or since the run started), and the cost spacing allows it.
   */
  onStep(trainer: Trainer): void {
    if (this.capture.busy) return;
    if (this.startedAt === null) {
      this.startedAt = this.now();
      return;
    }
    const since = this.now() - Math.max(this.lastTakenAt, this.startedAt);
    if (since < Math.max(this.everyMs, CHECKPOINT_COST_FACTOR * this.lastDurationMs)) return;
    this.takeNow(trainer);
  }

  /**
   * Starts a checkpoint now, whatever the spacing (a paused run), unless one is in flight. Call
   * between steps or synchronously from a trainer event.
   */
  takeNow(trainer: Trainer): void {
    if (this.capture.busy) return;
    const started = this.now();
    this.capture.take(trainer, (checkpoint) => {
      this.lastTakenAt = this.now();
      this.lastDurationMs = this.lastTakenAt - started;
      this.onTaken(checkpoint);
    });
  }

  /** The newest checkpoint, after any in flight has finished. */
  newest(): Promise<Checkpoint | null> {
    return this.capture.newest();
  }
}

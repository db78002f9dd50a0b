// Rescue snapshots of a run on a GPU backend: its exact state (weights with Adam's state) after
// the first step, whenever the loop pauses, and every `everyMs` of training, so that a run whose
// GPU is lost (its tensors can no longer be read) continues from a recent step elsewhere.

import type { Trainer } from '../ml/train/trainer';
import type { EngineEvent } from '../ml/train/types';
import { StateCapture, type Checkpoint } from './checkpoints';

export class RescueSnapshots {
  private capture = new StateCapture();
  private latest: Checkpoint | null = null;
  private lastAt = -Infinity;

  constructor(
    private readonly everyMs: number,
    private readonly now: () => number,
  ) {}

  /** The newest snapshot read in full; null before the first. */
  get newest(): Checkpoint | null {
    return this.latest;
  }

  /** Call synchronously from `trainer`'s events: takes a snapshot when one is due. */
  onEvent(trainer: Trainer, event: EngineEvent): void {
    const due =
      (event.type === 'step' &&
        (this.latest === null || this.now() - this.lastAt >= this.everyMs)) ||
      (event.type === 'state' && event.state === 'paused');
    if (!due) return;
    const capture = this.capture;
    capture.attach(trainer);
    this.lastAt = this.now();
    capture.take(trainer, (snapshot) => {
      if (capture === this.capture) this.latest = snapshot;
    });
  }

  /** Forgets every snapshot, and any still being read (the run moved to another backend). */
  reset(): void {
    this.capture = new StateCapture();
    this.latest = null;
    this.lastAt = -Infinity;
  }
}

// Knowing that the worker is stuck while it is still alive. A worker caught in an endless
// computation or a hung GPU call fires no error and keeps its life lock (life-lock.ts): calls to
// it just never return. Its event loop is what stops, so the worker sends a heartbeat from a
// timer every couple of seconds, which only fires while the loop turns; training steps and
// quality checks await their results, so they let it through. The page counts the silence.
//
// Long synchronous stretches happen legitimately (compiling WebGL shaders on a first step, one
// big step on a slow CPU), so the limit is generous, a stall is only a suggestion the page shows
// with a way out, and the next heartbeat takes it back.

export interface StallReport {
  /** How long the worker has been silent, in ms. */
  readonly silentMs: number;
}

export interface StallWatchOptions {
  /** Silence after which the worker counts as stuck. */
  readonly limitMs: number;
  /** How often the page checks. */
  readonly tickMs: number;
  readonly now?: () => number;
}

/** Heartbeat interval the worker uses. */
export const HEARTBEAT_MS = 2_000;
/** Default silence limit: fifteen missed heartbeats. */
export const STALL_LIMIT_MS = 30_000;

export class StallWatch {
  private readonly now: () => number;
  /** How often the page checks (tick() is called this often). */
  readonly tickMs: number;
  private limitMs: number;
  private lastBeat: number;
  private lastTick: number;
  private stalled = false;

  constructor(options: StallWatchOptions) {
    this.now = options.now ?? (() => Date.now());
    this.tickMs = options.tickMs;
    this.limitMs = options.limitMs;
    this.lastBeat = this.lastTick = this.now();
  }

  /** A heartbeat arrived. Returns true if it ends a reported stall. */
  beat(): boolean {
    this.lastBeat = this.now();
    const ended = this.stalled;
    this.stalled = false;
    return ended;
  }

  /** The page's periodic check: a report the first time the silence passes the limit. */
  tick(): StallReport | null {
    const now = this.now();
    // Ticks far apart mean the page itself was frozen or the machine slept: the silence since
    // is not the worker's doing, so it counts from now.
    if (now - this.lastTick > 3 * this.tickMs) this.lastBeat = now;
    this.lastTick = now;
    const silentMs = now - this.lastBeat;
    if (this.stalled || silentMs < this.limitMs) return null;
    this.stalled = true;
    return { silentMs };
  }

  /** The person chose to wait: count afresh, and allow twice as long before asking again. */
  keepWaiting(): void {
    this.limitMs *= 2;
    this.lastBeat = this.now();
    this.stalled = false;
  }
}

// Keeps at most one generate request in flight and always renders the newest value: dragging a
// slider asks for an image every frame, but the worker only ever works on the latest position.
// Requests are coalesced to one per animation frame; values that arrive while a request is in
// flight replace each other, and only the last one is sent when it returns.

export type FrameScheduler = (callback: () => void) => void;

export interface LatestOnlyOptions<T, R> {
  /** Sends one request (to the worker). */
  readonly run: (value: T) => Promise<R>;
  /** Receives each result with the value it was made for. */
  readonly onResult: (result: R, value: T) => void;
  readonly onError?: (error: unknown, value: T) => void;
  /** requestAnimationFrame in the page; tests pass their own. */
  readonly schedule?: FrameScheduler;
}

export class LatestOnly<T, R> {
  private pending: { value: T } | null = null;
  private frameQueued = false;
  private inFlight = false;
  private closed = false;
  private readonly schedule: FrameScheduler;

  constructor(private readonly options: LatestOnlyOptions<T, R>) {
    this.schedule = options.schedule ?? ((cb) => void requestAnimationFrame(() => cb()));
  }

  /** Asks for `value`; replaces any value not yet sent. */
  request(value: T): void {
    if (this.closed) return;
    this.pending = { value };
    if (!this.frameQueued && !this.inFlight) {
      this.frameQueued = true;
      this.schedule(() => this.onFrame());
    }
  }

  /** Drops what is pending and ignores results still to come (component unmounted). */
  close(): void {
    this.closed = true;
    this.pending = null;
  }

  /** True while a request is out or one is waiting to go. */
  get busy(): boolean {
    return this.inFlight || this.pending !== null;
  }

  private onFrame(): void {
    this.frameQueued = false;
    if (this.closed || this.inFlight || this.pending === null) return;
    const { value } = this.pending;
    this.pending = null;
    this.inFlight = true;
    this.options
      .run(value)
      .then(
        (result) => {
          if (!this.closed) this.options.onResult(result, value);
        },
        (error: unknown) => {
          if (!this.closed) this.options.onError?.(error, value);
        },
      )
      .finally(() => {
        this.inFlight = false;
        // Something newer arrived meanwhile: send it on the next frame.
        if (this.pending !== null && !this.closed && !this.frameQueued) {
          this.frameQueued = true;
          this.schedule(() => this.onFrame());
        }
      });
  }
}

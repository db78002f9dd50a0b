// The loss of the backend a run trains on (a lost WebGL context, a failing GPU): a signal the
// failover races each run or step against, and the reason to tell the page.

/** The loss of one backend: a signal a running loop races against, and what happened. */
export interface Loss {
  reason: string;
  readonly signal: Promise<void>;
  fire(reason: string): void;
  reasonOr(fallback: string): string;
}

export function newLoss(): Loss {
  let resolve: () => void = () => {};
  const loss: Loss = {
    reason: '',
    signal: new Promise<void>((r) => (resolve = r)),
    fire(reason: string) {
      if (loss.reason !== '') return;
      loss.reason = reason;
      resolve();
    },
    reasonOr(fallback: string) {
      return loss.reason !== '' ? loss.reason : fallback;
    },
  };
  return loss;
}

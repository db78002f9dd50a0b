import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latest-only';

/** A manual frame clock and a worker whose answers the test releases one by one. */
function harness() {
  const frames: (() => void)[] = [];
  const sent: number[] = [];
  const answers: ((r: string) => void)[] = [];
  const results: [string, number][] = [];
  const latest = new LatestOnly<number, string>({
    run: (v) => {
      sent.push(v);
      return new Promise((resolve) => answers.push(resolve));
    },
    onResult: (r, v) => results.push([r, v]),
    schedule: (cb) => frames.push(cb),
  });
  const frame = () => frames.splice(0).forEach((cb) => cb());
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { latest, frames, sent, answers, results, frame, settle };
}

describe('LatestOnly', () => {
  it('coalesces requests made within one frame into one, the newest', () => {
    const h = harness();
    h.latest.request(1);
    h.latest.request(2);
    h.latest.request(3);
    expect(h.sent).toEqual([]);
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(h.sent).toEqual([3]);
  });

  it('keeps one request in flight and then sends only the newest of those that waited', async () => {
    const h = harness();
    h.latest.request(1);
    h.frame();
    h.latest.request(2);
    h.latest.request(3);
    h.frame(); // nothing scheduled while in flight
    expect(h.sent).toEqual([1]);
    h.answers[0]('img1');
    await h.settle();
    expect(h.results).toEqual([['img1', 1]]);
    h.frame();
    expect(h.sent).toEqual([1, 3]); // 2 was stale and never sent
    h.answers[1]('img3');
    await h.settle();
    expect(h.results.at(-1)).toEqual(['img3', 3]);
    expect(h.latest.busy).toBe(false);
  });

  it('ignores results after close', async () => {
    const h = harness();
    h.latest.request(1);
    h.frame();
    h.latest.close();
    h.answers[0]('late');
    await h.settle();
    expect(h.results).toEqual([]);
  });
});

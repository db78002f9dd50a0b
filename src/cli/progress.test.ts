import { describe, expect, it } from 'vitest';
import type { Losses } from '../ml/train/types';
import { ProgressBar, renderBar, type BarStream } from './progress';

const losses: Losses = { kind: 'vae', total: 1, recon: 0.9, kl: 0.1, klWeight: 1 };

/** A non-TTY stream (a CI log) that keeps what was written. */
function logStream() {
  const lines: string[] = [];
  const stream: BarStream = { isTTY: false, write: (s: string) => lines.push(s) };
  return { lines, stream };
}

describe('ProgressBar', () => {
  it('draws a fraction of the run', () => {
    expect(renderBar(0, 4)).toBe('[....]   0%');
    expect(renderBar(0.5, 4)).toBe('[##..]  50%');
    expect(renderBar(7, 4)).toBe('[####] 100%');
  });

  it('shows the step target when there is one, and prints a log line per tenth', () => {
    const { lines, stream } = logStream();
    const bar = new ProgressBar({ targetStep: 20, fraction: (s) => s / 20 }, stream);
    for (let s = 1; s <= 20; s++) bar.update(s, 0, losses, 5);
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toMatch(/100% step 20\/20 {2}epoch 0 {2}loss/);
  });

  it('shows the step alone when only time limits the run', () => {
    const { lines, stream } = logStream();
    let elapsed = 0.2;
    const bar = new ProgressBar({ targetStep: null, fraction: () => elapsed }, stream);
    bar.update(7, 0, losses, 5);
    elapsed = 1;
    bar.update(9, 0, losses, 5);
    expect(lines[0]).toMatch(/ 20% step 7 {2}epoch/);
    expect(lines[1]).toMatch(/100% step 9 {2}epoch/);
  });

  it('shows a GAN step with its gradient norms and the critic distance', () => {
    const { lines, stream } = logStream();
    const bar = new ProgressBar({ targetStep: 1, fraction: () => 1 }, stream);
    const gan: Losses = {
      ...{ kind: 'dcgan', dLoss: 1.3, gLoss: -0.01, dReal: 0.9, dFake: 0.02 },
      ...{ gGradNorm: 0.000123456, dGradNorm: 2.5, wDistance: 4.25 },
    };
    bar.update(1, 0, gan, 5);
    expect(lines[0]).toMatch(
      /D\(G\(z\)\) 0.02 {2}\|grad G\| 0.000123 {2}\|grad D\| 2.50 {2}W 4.2500/,
    );
  });
});

// A one-line progress bar for the terminal: steps done, losses and throughput. Redraws in place
// on a TTY; elsewhere (CI logs) prints a line every 10% so logs stay short.

import type { Losses } from '../ml/engine/types';

export function formatLosses(losses: Losses): string {
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4));
  return losses.kind === 'dcgan'
    ? `D ${f(losses.dLoss)}  G ${f(losses.gLoss)}  D(x) ${losses.dReal.toFixed(2)}  D(G(z)) ${losses.dFake.toFixed(2)}`
    : `loss ${f(losses.total)}  recon ${f(losses.recon)}  KL ${f(losses.kl)}`;
}

export function renderBar(done: number, total: number, width = 24): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(frac * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%`;
}

export class ProgressBar {
  private lastDecile = -1;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(step: number, epoch: number, losses: Losses, imagesPerSec: number): void {
    const line = `${renderBar(step, this.total)} step ${step}/${this.total}  epoch ${epoch}  ${formatLosses(losses)}  ${imagesPerSec.toFixed(1)} img/s`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 200) - 1)}\x1b[K`);
      return;
    }
    const decile = Math.floor((10 * step) / this.total);
    if (decile !== this.lastDecile || step === this.total) {
      this.lastDecile = decile;
      this.stream.write(`${line}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

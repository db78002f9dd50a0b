// Images per second over a sliding window of recent steps, so the figure reacts to changes
// (a pause, a backend switch) without jittering step to step.

export class ThroughputMeter {
  private readonly times: number[] = [];
  private readonly images: number[] = [];

  constructor(private readonly window = 20) {}

  /** Records one step that processed `images` images in `seconds`. */
  record(images: number, seconds: number): void {
    this.times.push(seconds);
    this.images.push(images);
    if (this.times.length > this.window) {
      this.times.shift();
      this.images.shift();
    }
  }

  get imagesPerSec(): number {
    const t = this.times.reduce((a, b) => a + b, 0);
    const n = this.images.reduce((a, b) => a + b, 0);
    return t > 0 ? n / t : 0;
  }

  reset(): void {
    this.times.length = 0;
    this.images.length = 0;
  }
}

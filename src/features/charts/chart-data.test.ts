import { describe, expect, it } from 'vitest';
import { LossLog } from '../../store/loss-log';
import { bucketize, bucketMeans, chartRows, emaSmooth } from './chart-data';

describe('emaSmooth', () => {
  it('is the identity at weight 0 and debiased at the start', () => {
    expect([...emaSmooth([1, 2, 3], 0)]).toEqual([1, 2, 3]);
    const s = emaSmooth([4, 4, 4, 4], 0.9);
    // A constant series stays constant: no pull towards zero at the start.
    for (const v of s) expect(v).toBeCloseTo(4, 12);
  });

  it('matches a hand-computed average', () => {
    const w = 0.5;
    const s = emaSmooth([2, 4], w);
    // step 1: acc = 0.5*2 = 1, weight 0.5 -> 2; step 2: acc = 0.5*1 + 0.5*4 = 2.5, weight 0.75
    expect(s[0]).toBeCloseTo(2, 12);
    expect(s[1]).toBeCloseTo(2.5 / 0.75, 12);
  });
});

describe('bucket downsampling', () => {
  it('keeps at most maxPoints, ends on the last step and averages each bucket', () => {
    const steps = Array.from({ length: 1000 }, (_, i) => i + 1);
    const buckets = bucketize(steps, 500);
    expect(buckets.steps.length).toBe(500);
    expect(buckets.steps[499]).toBe(1000);
    const means = bucketMeans(steps, buckets);
    expect(means[0]).toBe(1.5); // steps 1 and 2
    expect(means[499]).toBe(999.5);
  });

  it('leaves short series alone', () => {
    const buckets = bucketize([5, 6, 7], 500);
    expect([...buckets.steps]).toEqual([5, 6, 7]);
  });
});

describe('chartRows', () => {
  it('builds smoothed and raw columns from a loss log, with gaps for log-scale non-positives', () => {
    const log = new LossLog();
    for (let step = 1; step <= 2000; step++) {
      log.push(step, {
        kind: 'vae',
        total: 100 / step,
        recon: 90 / step,
        kl: step === 7 ? 0 : 1,
        klWeight: 1,
      });
    }
    const rows = chartRows({
      steps: log.steps,
      series: { total: log.values('total'), kl: log.values('kl') },
      smoothing: 0.6,
      maxPoints: 400,
      logScale: true,
    });
    expect(rows.length).toBe(400);
    expect(rows[399].step).toBe(2000);
    expect(Object.keys(rows[0]).sort()).toEqual(['kl', 'klRaw', 'step', 'total', 'totalRaw']);
    const raw = chartRows({
      steps: log.steps.slice(0, 10),
      series: { kl: log.values('kl').slice(0, 10) },
      smoothing: 0,
      maxPoints: 400,
      logScale: true,
    });
    expect(raw[6].kl).toBeNull();
    expect(raw[5].kl).toBe(1);
  });
});

describe('LossLog', () => {
  it('cuts the tail when a step repeats (rollback) and resets on a new kind', () => {
    const log = new LossLog();
    const gan = (d: number) => ({
      kind: 'dcgan' as const,
      dLoss: d,
      gLoss: 1,
      dReal: 0.5,
      dFake: 0.5,
      gGradNorm: 1,
      dGradNorm: 1,
      wDistance: 0,
    });
    for (let s = 1; s <= 5; s++) log.push(s, gan(s));
    log.push(3, gan(30));
    expect(log.steps).toEqual([1, 2, 3]);
    expect(log.values('dLoss')).toEqual([1, 2, 30]);
    log.push(1, { kind: 'vae', total: 1, recon: 1, kl: 0, klWeight: 1 });
    expect(log.kind).toBe('vae');
    expect(log.length).toBe(1);
  });
});

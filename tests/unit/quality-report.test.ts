// The quality bench's report: the coverage target is judged where the DCGAN's budget ends.

import { describe, expect, it } from 'vitest';
import {
  coveragePoint,
  renderQualityMarkdown,
  type QualityResults,
  type RunScores,
} from '../../bench/quality/report';
import { DEFAULT_DCGAN } from '../../src/ml/config';
import type { SampleQuality } from '../../src/ml/metrics/quality';

function scores(effectiveClasses: number, counts: number[]): RunScores {
  return {
    fid: 50,
    effectiveClasses,
    counts,
    meanConfidence: 0.8,
    seconds: 60,
    imagesPerSec: 30,
    lastLosses: {},
  };
}

function sample(effectiveClasses: number, counts: number[]): SampleQuality {
  return {
    sampleCount: counts.reduce((a, b) => a + b, 0),
    fid: { value: 20 },
    coverage: { effectiveClasses, counts, meanConfidence: 0.9 },
  } as unknown as SampleQuality; // only the fields coveragePoint reads
}

function results(coverage: QualityResults['gan']['coverage']): QualityResults {
  const flat = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100];
  return {
    date: '2026-11-24T00:00:00Z',
    budget: {
      ganSteps: 300,
      vaeSteps: 300,
      batchSize: 64,
      evalCount: 1000,
      epsSamples: 4,
      seed: 1,
    },
    ganConfig: { ...DEFAULT_DCGAN, minibatchKernels: 64 },
    versions: { tfjs: '4.22.0', backend: 'wasm', torch: '1.13', torchThreads: 1 },
    classifier: { id: 'mnist', testAccuracy: 0.991 },
    realFloor: sample(9.99, flat),
    vae: {
      tfjs: { ...scores(9, flat), nelbo: 100 },
      pytorch: { ...scores(9, flat), nelbo: 100 },
      pytorchOwnNelbo: 100,
      maxAbsDiffSameWeights: { decoder: 0, encoderMean: 0 },
    },
    gan: {
      tfjs: scores(7.7, flat),
      pytorch: scores(7.9, flat),
      maxAbsDiffSameWeights: { generator: 0, discriminator: 0 },
      coverage,
    },
    totalSeconds: 600,
  };
}

describe('quality report', () => {
  it('judges coverage at the last step of the longer run and tables every step', () => {
    const counts = [50, 100, 100, 100, 100, 100, 100, 100, 100, 150];
    const md = renderQualityMarkdown(
      results([
        coveragePoint(500, sample(8.8, counts), 120),
        coveragePoint(1000, sample(9.61, counts), 240),
      ]),
    );
    expect(md).toMatch(
      /\| DCGAN effective classes \(of 10\) \| 7\.70 \| 7\.90 \| \| >= 9\.5 \(step 1000: 9\.61\): met \|/,
    );
    expect(md).toMatch(/\| 300 \| 50\.0 \| 7\.70 \| 10\.0% \(0\) \|/);
    expect(md).toMatch(/\| 1000 \| 20\.0 \| 9\.61 \| 5\.0% \(0\) \| 0\.900 \| 4\.0 \|/);
    expect(md).toMatch(/with minibatch discrimination, 64 kernels/);
  });

  it('puts the Inception Score of both sides beside FID, and n/a for results from before it', () => {
    const base = results([]);
    const withIs: QualityResults = {
      ...base,
      realFloor: {
        ...base.realFloor,
        inception: {
          value: 9.71,
          sampleCount: 1000,
          classes: 10,
          classifierId: 'mnist',
          realValue: 9.71,
        },
      },
      gan: {
        ...base.gan,
        tfjs: { ...base.gan.tfjs, inceptionScore: 7.2 },
        pytorch: { ...base.gan.pytorch, inceptionScore: 8 },
      },
    };
    const md = renderQualityMarkdown(withIs);
    const rows = md.split('\n');
    const fidRow = rows.findIndex((l) => l.startsWith('| DCGAN FID |'));
    expect(rows[fidRow + 1]).toBe('| DCGAN Inception Score (of 10) | 7.20 | 8.00 | -10.0% | |');
    expect(md).toMatch(/FID 20\.00, Inception Score 9\.71, effective classes 9\.99\./);
    expect(renderQualityMarkdown(base)).toMatch(
      /\| DCGAN Inception Score \(of 10\) \| n\/a \| n\/a \| n\/a \| \|/,
    );
  });

  it('falls back to the side-by-side scores when the longer run was skipped', () => {
    const md = renderQualityMarkdown(results([]));
    expect(md).toMatch(/\| 7\.70 \| 7\.90 \| \| >= 9\.5: \*\*missed\*\* \|/);
    expect(md).not.toMatch(/Class coverage:/);
  });
});

// The learning bench on a class-conditional config: every class drawn equally often, and the
// class agreement as a column of its own beside FID and effective classes.

import { describe, expect, it } from 'vitest';
import { evaluationClasses, resolveConfigs } from '../../bench/learning/plan';
import {
  metricsFor,
  renderLearningMarkdown,
  type LearningResults,
} from '../../bench/learning/report';
import type { PointResult } from '../../bench/learning/scoring';

const [plain] = resolveConfigs(['dcgan:mnist'], []);
const [conditional] = resolveConfigs(['vae:mnist'], ['conditional=true']);

function point(classAgreement?: number): PointResult {
  return {
    target: 30,
    seconds: 30.5,
    steps: 40,
    sampleSeconds: 1,
    scoreSeconds: 2,
    quality: {
      fid: 80,
      effectiveClasses: 9.1,
      ...(classAgreement === undefined ? {} : { classAgreement }),
    },
    real: { effectiveClasses: 9.9 },
    png: 'learning/x.png',
  };
}

describe('the learning bench on a conditional config', () => {
  it('asks each class equally often, and nothing of an unconditional config', () => {
    expect(evaluationClasses(plain)).toBeUndefined();
    const asked = evaluationClasses(conditional);
    expect(asked).toHaveLength(1000);
    expect(Array.from(asked?.subarray(0, 12) ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it('adds an agreement column in percent for the conditional config only', () => {
    expect(metricsFor(plain).map((m) => m.title)).toEqual(['FID', 'classes']);
    const columns = metricsFor(conditional);
    expect(columns.map((m) => m.title)).toEqual(['FID', 'classes', 'agreement %']);
    expect(columns[2].value(point(0.957).quality)).toBeCloseTo(95.7, 10);

    const results: LearningResults = {
      date: '2026-12-03 19:00',
      command: 'npm run bench:learning',
      points: [30],
      sets: ['conditional=true'],
      pageMetrics: false,
      machine: {
        cpus: 2,
        loadAverageStart: [1],
        loadAverageEnd: [1],
        chromium: '156',
        node: 'v20',
        tfjs: '4.22.0',
        torch: null,
      },
      configs: [
        {
          ...conditional,
          tfjs: { points: [point(0.957)], backend: 'wasm', threads: 1 },
          torch: null,
        },
      ],
      wallSeconds: 60,
    };
    const table = renderLearningMarkdown(results);
    expect(table).toContain('agreement % tfjs | agreement % PyTorch');
    expect(table).toContain('| 95.7 | – |');
  });
});

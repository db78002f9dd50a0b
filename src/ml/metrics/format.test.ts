import { describe, expect, it } from 'vitest';
import { formatQualityReport } from './format';
import type { QualityReport } from './quality';

const fid = {
  value: 123.456,
  meanTerm: 100,
  covTerm: 23.456,
  sampleCount: 1000,
  realCount: 10000,
  classifierId: 'mnist',
};

describe('quality report as text', () => {
  it('puts the Inception Score on the line after FID', () => {
    const report: QualityReport = {
      sampleCount: 1000,
      seconds: 2.34,
      fid,
      inception: {
        value: 7.891,
        sampleCount: 1000,
        classes: 10,
        classifierId: 'mnist',
        realValue: 9.714,
      },
    };
    const lines = formatQualityReport(report).split('\n');
    expect(lines[0]).toBe(
      'FID (mnist classifier features, 1000 samples vs 10000 test images): 123.46',
    );
    expect(lines[1]).toBe(
      'Inception Score (mnist classifier, 1000 samples): 7.89 of 10 (real test images: 9.71)',
    );
    expect(lines.at(-1)).toBe('(1000 samples, 2.3 s)');
  });

  it('formats a stored report from before the Inception Score without it', () => {
    const old: QualityReport = { sampleCount: 1000, seconds: 2, fid };
    const text = formatQualityReport(old);
    expect(text).toMatch(/^FID .*: 123\.46$/m);
    expect(text).not.toMatch(/Inception/);
    expect(text).not.toMatch(/undefined|NaN/);
  });

  it("prints a conditional model's class agreement, overall and per asked class", () => {
    const report: QualityReport = {
      sampleCount: 30,
      seconds: 1,
      fid,
      classAgreement: 0.9,
      classAgreementByClass: [1, 0.75, null],
    };
    const lines = formatQualityReport(report).split('\n');
    expect(lines[1]).toBe(
      'class agreement: 90.0% of samples look like the class they were drawn for',
    );
    expect(lines[2]).toBe('  per class: 0:100% 1:75%');
    // An unconditional model's report has no such line.
    expect(formatQualityReport({ sampleCount: 30, seconds: 1, fid })).not.toMatch(/agreement/);
  });
});

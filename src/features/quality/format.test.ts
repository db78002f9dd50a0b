import { describe, expect, it } from 'vitest';
import type { QualityEntry } from '../../store/quality-history';
import {
  formatClasses,
  formatFid,
  formatNats,
  formatPercent,
  formatScore,
  formatSeconds,
  formatSmall,
  formatTick,
} from './format';
import { epochSeries, latestError, latestGood } from './series';

describe('quality formatting', () => {
  it('gives a few significant digits and a dash for what is not a number', () => {
    expect(formatFid(493.7)).toBe('494');
    expect(formatFid(12.345)).toBe('12.3');
    expect(formatFid(NaN)).toBe('–');
    expect(formatNats(104.4)).toBe('104');
    expect(formatNats(98.76)).toBe('98.8');
    expect(formatClasses(7.44)).toBe('7.4');
    expect(formatScore(8.126)).toBe('8.13');
    expect(formatScore(NaN)).toBe('–');
    expect(formatSmall(0.12345)).toBe('0.123');
    expect(formatSmall(Infinity)).toBe('–');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatSeconds(1.26)).toBe('1.3 s');
    expect(formatSeconds(12.6)).toBe('13 s');
    expect(formatTick(12_500)).toBe('13k');
    expect(formatTick(1500)).toBe('1.5k');
    expect(formatTick(0.0456)).toBe('0.046');
  });
});

const entry = (epoch: number, fid: number | null, error?: string): QualityEntry => ({
  epoch,
  step: epoch * 10,
  fingerprint: [],
  report: {
    sampleCount: error ? 0 : 100,
    seconds: 1,
    ...(error ? { error } : {}),
    ...(fid === null
      ? {}
      : {
          fid: {
            value: fid,
            meanTerm: 0,
            covTerm: 0,
            sampleCount: 100,
            realCount: 10,
            classifierId: 'mnist',
          },
        }),
  },
});

describe('quality series', () => {
  it('keeps finite values of the measured epochs only', () => {
    const entries = [entry(1, 400), entry(2, null, 'boom'), entry(3, NaN), entry(4, 300)];
    expect(epochSeries(entries, (e) => e.report.fid?.value)).toEqual([
      { epoch: 1, step: 10, value: 400 },
      { epoch: 4, step: 40, value: 300 },
    ]);
  });

  it('charts the Inception Score from the first stored report that has it', () => {
    // Reports stored before the score existed (autosave, saved runs) lack the field.
    const withScore = (epoch: number, value: number): QualityEntry => {
      const e = entry(epoch, 300);
      const inception = {
        value,
        sampleCount: 100,
        classes: 10,
        classifierId: 'mnist',
        realValue: 9.7,
      };
      return { ...e, report: { ...e.report, inception } };
    };
    const entries = [entry(1, 400), entry(2, 350), withScore(3, 6.5), withScore(4, 7.25)];
    expect(epochSeries(entries, (e) => e.report.inception?.value)).toEqual([
      { epoch: 3, step: 30, value: 6.5 },
      { epoch: 4, step: 40, value: 7.25 },
    ]);
    expect(epochSeries(entries.slice(0, 2), (e) => e.report.inception?.value)).toEqual([]);
  });

  it('finds the newest good entry and the newest error', () => {
    const entries = [entry(1, 400), entry(2, null, 'classifier missing')];
    expect(latestGood(entries)?.epoch).toBe(1);
    expect(latestError(entries)).toBe('classifier missing');
    expect(latestError([...entries, entry(3, 350)])).toBeNull();
    expect(latestGood([])).toBeNull();
  });
});

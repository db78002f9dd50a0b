import { describe, expect, it } from 'vitest';
import { collapseVerdict } from './collapse';

describe('collapseVerdict', () => {
  it('is fine when the samples spread over most classes', () => {
    const v = collapseVerdict([7.5, 8.2, 8.0], 10);
    expect(v.state).toBe('ok');
    expect(v.best).toBe(8.2);
    expect(v.message).toMatch(/8\.0 of 10 classes/);
  });

  it('warns below 6 of 10 classes, from the first measurement on', () => {
    expect(collapseVerdict([5.9], 10).state).toBe('warning');
    expect(collapseVerdict([6.0], 10).state).toBe('ok');
    expect(collapseVerdict([2.1], 10).message).toMatch(/only 2\.1 of 10 classes/);
  });

  it('warns when coverage falls by more than a third from its best', () => {
    expect(collapseVerdict([9.6, 9.0, 6.3], 10).state).toBe('warning');
    expect(collapseVerdict([9.6, 9.0, 6.3], 10).message).toMatch(/fell from 9\.6 to 6\.3/);
    expect(collapseVerdict([9.0, 6.1], 10).state).toBe('ok');
  });

  it('scales with the class count', () => {
    expect(collapseVerdict([2.5], 4).state).toBe('ok');
    expect(collapseVerdict([2.3], 4).state).toBe('warning');
  });

  it('needs a measurement', () => {
    expect(() => collapseVerdict([], 10)).toThrow(/at least one/);
  });
});

import { describe, expect, it } from 'vitest';
import { conditionalClasses, requireClasses } from './classes';
import { facesInfo, HAIR_STYLES } from './faces';
import { flagsInfo } from './flags';
import { fashionInfo } from './fashion';
import { mnistInfo } from './mnist';

describe('conditional classes of the bundled sets', () => {
  it('are the digits, the garments and the hair styles', () => {
    expect(requireClasses(mnistInfo)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(requireClasses(fashionInfo)).toHaveLength(10);
    expect(requireClasses(facesInfo)).toEqual(HAIR_STYLES);
  });

  it('refuse the flags, each its own class of one image', () => {
    const flags = conditionalClasses(flagsInfo);
    expect(flags.ok).toBe(false);
    expect(() => requireClasses(flagsInfo)).toThrow(
      /cannot train on World flags: every flag is a class of its own with a single image/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { titleOf } from './titles';

describe('titleOf', () => {
  it('names what happened by the error kind', () => {
    expect(titleOf({ kind: 'diverged', message: 'NaN in gLoss' })).toBe('Training diverged');
    expect(titleOf({ kind: 'stalled', message: '' })).toBe('The training worker is not answering');
  });

  it('reads a plain message for where it came from', () => {
    const title = (message: string) => titleOf({ kind: 'generic', message });
    expect(title('Training stopped at step 40: out of memory')).toBe('Training stopped');
    expect(
      title('cat.png is not a weights file (.json). To train on your own images, use ...'),
    ).toBe('The weights file could not be loaded');
    expect(title('huge.json is 200.0 MB, larger than the 190.0 MB limit')).toBe(
      'The weights file could not be loaded',
    );
    expect(
      title('run.json was saved, but at 300.0 MB it is over the 190.0 MB this page imports'),
    ).toBe('The weights file is too large to import again');
    expect(title('IndexedDB refused the dataset')).toBe('Your images could not be added');
    expect(title('something odd')).toBe('That did not work');
  });

  it('takes a title the caller gave over both', () => {
    expect(titleOf({ kind: 'generic', message: 'x', title: 'The GIF could not be made' })).toBe(
      'The GIF could not be made',
    );
  });

  it('never says only "Something went wrong"', () => {
    expect(titleOf({ kind: 'generic', message: '' })).not.toMatch(/something went wrong/i);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_WEIGHTS_FILE_BYTES } from '../../ml/weights/format';
import { exportTooLargeToImport, weightsFileTooLarge } from './weights-file-size';

describe('weightsFileTooLarge', () => {
  it('passes files up to the limit', () => {
    expect(weightsFileTooLarge({ name: 'a.json', size: 0 })).toBeNull();
    expect(weightsFileTooLarge({ name: 'a.json', size: MAX_WEIGHTS_FILE_BYTES })).toBeNull();
  });

  it('refuses larger files by name and size, before reading them', () => {
    expect(weightsFileTooLarge({ name: 'big.json', size: 200 * 2 ** 20 })).toBe(
      'big.json is 200.0 MB, larger than the 190.0 MB limit for weights files, so it was not read. The current run is unchanged.',
    );
  });
});

describe('exportTooLargeToImport', () => {
  it('says nothing for files the page can import again', () => {
    expect(exportTooLargeToImport('a.json', MAX_WEIGHTS_FILE_BYTES, true)).toBeNull();
  });

  it('warns about larger files, with what would make them fit', () => {
    const withAdam = exportTooLargeToImport('big.json', 300 * 2 ** 20, true);
    expect(withAdam).toMatch(/^big\.json was saved, but at 300\.0 MB it is over the 190\.0 MB/);
    expect(withAdam).toMatch(/Adam's state/);
    expect(exportTooLargeToImport('big.json', 300 * 2 ** 20, false)).toMatch(/smaller base width/);
  });
});

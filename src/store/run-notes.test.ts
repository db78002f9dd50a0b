import { describe, expect, it } from 'vitest';
import { DEFAULT_VAE } from '../ml/config';
import type { RunSpec } from '../ml/train/types';
import { importSentence } from './run-notes';

const train = { seed: 1, stepsPerEpoch: 100, sampleEverySteps: null };
const plain: RunSpec = { model: DEFAULT_VAE, datasetId: 'mnist', train };
const conditional: RunSpec = { ...plain, model: { ...DEFAULT_VAE, conditional: true } };

describe('the note after an import', () => {
  it('says when a class-conditional model replaces an unconditional one, and back', () => {
    expect(
      importSentence(
        { spec: conditional, step: 4 },
        'c.json',
        { run: { spec: plain, step: 1200 }, kept: null },
        [],
      ),
    ).toBe(
      'Replaced the mnist VAE at step 1,200 with class-conditional VAE on mnist at step 4 from c.json.',
    );
    expect(
      importSentence(
        { spec: plain, step: 2 },
        'u.json',
        { run: { spec: conditional, step: 3 }, kept: { saved: true, step: 3 } },
        [],
      ),
    ).toBe(
      'Replaced the mnist class-conditional VAE at step 3 with VAE on mnist at step 2 from u.json. The replaced run is saved in this browser at step 3.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';
import { parsePageOptions } from './url-params';

describe('the link note in the config slice', () => {
  it('starts with what the link could not use, and dismisses it', () => {
    const store = createAppStore(parsePageOptions('?batchSize=1e9&seed=3'));
    expect(store.getState().linkIgnored.map((p) => p.key)).toEqual(['batchSize']);
    expect(store.getState().drafts.batchSize).toBe('64');
    expect(store.getState().runDrafts.seed).toBe('3');
    store.getState().dismissLinkIgnored();
    expect(store.getState().linkIgnored).toEqual([]);
  });

  it("replaces an unknown dataset by the fallback, keeping the link's valid model fields", () => {
    const store = createAppStore(
      parsePageOptions('', '#dataset=bogus&model=vae&batchSize=16&latentDim=0'),
    );
    expect(store.getState().datasetId).toBe('bogus');
    store.getState().rejectLinkDataset('flags', 'must be one of mnist, flags');
    const s = store.getState();
    expect(s.datasetId).toBe('flags');
    expect(s.modelKind).toBe('vae');
    // The flags VAE preset (latent size 32), with the link's batch size over it.
    expect(s.drafts.batchSize).toBe('16');
    expect(s.drafts.latentDim).toBe('32');
    expect(s.linkIgnored).toEqual([
      { key: 'dataset', value: 'bogus', reason: 'must be one of mnist, flags' },
      { key: 'latentDim', value: '0', reason: 'must be between 2 and 512' },
    ]);
  });
});

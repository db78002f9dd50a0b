// The run's downloads, each named after the run (downloads.ts): its weights as JSON, its tfjs
// Layers models zipped, and a PyTorch script for it.

import type { TrainingApi } from '../worker/client';
import { runSpecFromForm } from './drafts';
import { layersZipFileName, pytorchZip, weightsFileName, type DownloadFile } from './downloads';
import type { AppStore } from './state';

export interface RunExports {
  /**
   * The weights JSON bytes and a file name for them; with Adam's state unless
   * `includeOptimizer` is false (3x smaller, but a continued run restarts Adam).
   */
  exportWeights(options?: {
    includeOptimizer?: boolean;
  }): Promise<{ bytes: ArrayBuffer; fileName: string }>;
  /** The tfjs Layers models (generator, or encoder + decoder), zipped. */
  exportLayers(): Promise<DownloadFile>;
  /** The PyTorch script and README for the run (or the form's setup before a run). */
  pytorchScript(): DownloadFile;
}

export function createRunExports(store: AppStore, api: () => TrainingApi): RunExports {
  /** What the file names say: dataset, model kind and step of the run. */
  const nameParts = () => {
    const { runSpec, step } = store.getState();
    if (runSpec === null) throw new Error('No run to export yet.');
    return [runSpec.datasetId, runSpec.model.kind, step] as const;
  };

  return {
    async exportWeights(options = {}) {
      const name = nameParts();
      const bytes = await api().exportWeights({
        includeOptimizer: options.includeOptimizer ?? true,
      });
      return { bytes, fileName: weightsFileName(...name) };
    },

    async exportLayers() {
      const name = nameParts();
      const bytes = await api().exportLayersZip();
      return { fileName: layersZipFileName(...name), type: 'application/zip', bytes };
    },

    pytorchScript() {
      const state = store.getState();
      const spec = state.runSpec ?? runSpecFromForm(state);
      const info = state.datasets.find((d) => d.id === spec.datasetId);
      if (info === undefined) throw new Error(`Unknown dataset ${spec.datasetId}.`);
      return pytorchZip(spec.model, info, spec.datasetId, spec.train, state.step);
    },
  };
}

// What the next run will be: dataset, model kind, the hyperparameter form's text and the run
// settings, and the backend choice. Starts from the URL (hash or query) and the dataset's preset.

import type { StateCreator } from 'zustand';
import { presetConfig, type ModelConfig, type ModelKind } from '../ml/config';
import type { RunSpec } from '../ml/train/types';
import type { BackendChoice } from '../worker/protocol';
import {
  draftsAfterEdit,
  draftsFor,
  runDraftsFor,
  type Drafts,
  type RunDrafts,
  type RunFieldName,
} from './drafts';
import {
  DEFAULT_SAMPLE_EVERY,
  modelConfigFor,
  type IgnoredParam,
  type PageOptions,
} from './url-params';

export interface ConfigSlice {
  datasetId: string;
  modelKind: ModelKind;
  /** The form's text for every field of `modelKind`. */
  drafts: Drafts;
  /** Seed, steps per epoch, samples every: as typed. */
  runDrafts: RunDrafts;
  backendChoice: BackendChoice;
  wasmThreads: boolean;
  /** What the URL asked for when the page opened. */
  options: PageOptions;
  /** The link's values that fell back to defaults, shown in a note until dismissed. */
  linkIgnored: readonly IgnoredParam[];
  dismissLinkIgnored: () => void;
  /**
   * The link named a dataset the worker does not have: train on `fallback` instead (with the
   * link's model fields on its preset) and add the dataset to the note.
   */
  rejectLinkDataset: (fallback: string, reason: string) => void;
  /** Picks a dataset and loads its preset for the current model. */
  setDatasetId: (id: string) => void;
  /** Picks a model kind and loads its preset for the current dataset. */
  setModelKind: (kind: ModelKind) => void;
  setDraft: (field: string, text: string) => void;
  setRunDraft: (field: RunFieldName, text: string) => void;
  /** Back to the dataset's preset for the current model. */
  restorePreset: () => void;
  /** Shows an existing run's setup (after an import or a resume). */
  loadSpec: (spec: RunSpec) => void;
  setModelDrafts: (config: ModelConfig) => void;
  setBackendChoice: (choice: BackendChoice) => void;
}

export function createConfigSlice(options: PageOptions): StateCreator<ConfigSlice> {
  const datasetId = options.datasetId ?? 'mnist';
  const modelKind = options.modelKind ?? 'dcgan';
  return (set) => ({
    datasetId,
    modelKind,
    drafts: draftsFor(modelConfigFor(modelKind, datasetId, options.modelOverrides)),
    runDrafts: runDraftsFor({
      seed: options.seed,
      stepsPerEpoch: options.stepsPerEpoch,
      sampleEverySteps: options.sampleEverySteps,
    }),
    backendChoice: options.backend,
    wasmThreads: options.wasmThreads,
    options,
    linkIgnored: options.ignored ?? [],
    dismissLinkIgnored: () => set({ linkIgnored: [] }),
    rejectLinkDataset: (fallback, reason) =>
      set((s) => ({
        datasetId: fallback,
        drafts: draftsFor(modelConfigFor(s.modelKind, fallback, options.modelOverrides)),
        linkIgnored: [
          { key: 'dataset', value: s.datasetId, reason },
          ...s.linkIgnored.filter((p) => p.key !== 'dataset'),
        ],
      })),
    setDatasetId: (id) =>
      set((s) => ({ datasetId: id, drafts: draftsFor(presetConfig(s.modelKind, id)) })),
    setModelKind: (kind) =>
      set((s) => ({ modelKind: kind, drafts: draftsFor(presetConfig(kind, s.datasetId)) })),
    setDraft: (field, text) =>
      set((s) => ({ drafts: draftsAfterEdit(s.modelKind, s.datasetId, s.drafts, field, text) })),
    setRunDraft: (field, text) => set((s) => ({ runDrafts: { ...s.runDrafts, [field]: text } })),
    restorePreset: () =>
      set((s) => ({ drafts: draftsFor(presetConfig(s.modelKind, s.datasetId)) })),
    loadSpec: (spec) =>
      set({
        datasetId: spec.datasetId,
        modelKind: spec.model.kind,
        drafts: draftsFor(spec.model),
        runDrafts: runDraftsFor({
          seed: spec.train.seed,
          stepsPerEpoch: spec.train.stepsPerEpoch,
          sampleEverySteps: spec.train.sampleEverySteps ?? DEFAULT_SAMPLE_EVERY,
        }),
      }),
    setModelDrafts: (config) => set({ drafts: draftsFor(config) }),
    setBackendChoice: (backendChoice) => set({ backendChoice }),
  });
}

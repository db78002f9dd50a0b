// The weights file format (docs/weights-format.md): the JSON layout as written to disk, and the
// decoded form that parseWeightsFile returns. No tfjs here: the page validates a file with these
// types before handing it to the worker.

import type { ImageShape } from '../../datasets/types';
import type { ModelConfig, ModelKind, TrainConfig } from '../config';
import type { HistoryPoint } from '../train/types';

export const WEIGHTS_FORMAT_ID = 'gan-playground-weights';
export const WEIGHTS_FORMAT_VERSION = 1 as const;

/**
 * The largest weights file the app reads, checked before anything is decoded (the page checks
 * File.size before reading it, the worker the byte length before decoding text). A file holds
 * about 16 bytes per trained parameter with Adam state (weight and two moments, float32, base64).
 * The largest preset models (the DCGANs, whose discriminators' minibatch-discrimination
 * projection holds 1.3-2 M parameters) write up to 45 MB, so 190 MB leaves four times that: room
 * for about 12 M parameters with Adam state, 36 M without. The form allows wider models still
 * (base width 256 on 64x64 images: over 100 M parameters), which no browser trains at a useful
 * speed; the limit keeps a hostile or mistaken file (a 200 MB download, a disk image) from
 * costing the tab gigabytes. max-file-size.test.ts checks the presets against it.
 */
export const MAX_WEIGHTS_FILE_BYTES = 190 * 1024 * 1024;

/** Default import size limit, checked before the text is parsed. */
export const DEFAULT_MAX_BYTES = MAX_WEIGHTS_FILE_BYTES;

/** Network names each model kind must provide, in the order they are written. */
export const NETWORKS_BY_KIND: Readonly<Record<ModelKind, readonly string[]>> = {
  dcgan: ['generator', 'discriminator'],
  vae: ['encoder', 'decoder'],
};

/** Optimizer names each model kind uses (the VAE has one Adam over encoder + decoder). */
export const OPTIMIZERS_BY_KIND: Readonly<Record<ModelKind, readonly string[]>> = {
  dcgan: ['generator', 'discriminator'],
  vae: ['vae'],
};

/** Everything about a run except its tensors. */
export interface WeightsMeta {
  readonly model: ModelConfig;
  readonly train: TrainConfig;
  readonly dataset: {
    readonly id: string;
    readonly shape: ImageShape;
    /** A class-conditional model's classes, by index (absent for an unconditional model). */
    readonly classes?: readonly string[];
  };
  readonly step: number;
  readonly epoch: number;
  readonly history: readonly HistoryPoint[];
}

// ---- On disk (JSON) ----------------------------------------------------------------------------

/** One weight of a network. `data`: base64 of the little-endian float32 values, row-major. */
export interface WeightJson {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  readonly trainable: boolean;
  readonly data: string;
}

/** Adam's two moments for one variable; `m` and `v` are encoded like WeightJson.data. */
export interface AdamSlotJson {
  /** `network/weightName` of the variable this slot belongs to, or null if it is not a network weight. */
  readonly variable: string | null;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  readonly m: string;
  readonly v: string;
}

export interface AdamHyperparameters {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export interface OptimizerJson {
  readonly type: 'Adam';
  /** Steps taken; sets Adam's bias correction on restore. */
  readonly iterations: number;
  /** Informational: the hyperparameters in force when the file was written. */
  readonly config: AdamHyperparameters;
  /** One slot per variable, in the order of the variable list the optimizer is stepped with. */
  readonly slots: readonly AdamSlotJson[];
}

export interface WeightsJson {
  readonly format: typeof WEIGHTS_FORMAT_ID;
  readonly version: typeof WEIGHTS_FORMAT_VERSION;
  readonly appVersion: string;
  readonly createdAt: string;
  readonly model: ModelConfig;
  readonly train: TrainConfig;
  readonly dataset: {
    readonly id: string;
    readonly shape: ImageShape;
    /** A class-conditional model's classes, by index (absent for an unconditional model). */
    readonly classes?: readonly string[];
  };
  readonly step: number;
  readonly epoch: number;
  /** Loss values that were NaN or Infinity are written as null (JSON has neither). */
  readonly history: readonly HistoryPoint[];
  readonly networks: Readonly<Record<string, readonly WeightJson[]>>;
  readonly optimizers: Readonly<Record<string, OptimizerJson>> | null;
}

// ---- Decoded (what parseWeightsFile returns) ---------------------------------------------------

export interface DecodedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  readonly values: Float32Array;
}

export interface DecodedAdamSlot {
  readonly variable: string | null;
  readonly shape: readonly number[];
  readonly m: Float32Array;
  readonly v: Float32Array;
}

export interface DecodedOptimizer {
  readonly type: 'Adam';
  readonly iterations: number;
  readonly config: AdamHyperparameters;
  readonly slots: readonly DecodedAdamSlot[];
}

/** A validated weights file; every Float32Array is its own buffer, so it can be transferred. */
export interface WeightsFile {
  readonly version: typeof WEIGHTS_FORMAT_VERSION;
  readonly appVersion: string;
  readonly createdAt: string;
  readonly meta: WeightsMeta;
  readonly networks: Readonly<Record<string, readonly DecodedWeight[]>>;
  readonly optimizers: Readonly<Record<string, DecodedOptimizer>> | null;
}

/** `generator/g_dense/kernel`: how messages and optimizer slots name a network weight. */
export function weightKey(network: string, weightName: string): string {
  return `${network}/${weightName}`;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

// The run's networks in the standard tfjs Layers format, zipped into one download (what goes in:
// src/ml/weights/layers-models.ts). Runs in the worker, where the models live.

import { zipSync } from 'fflate';
import type { ModelConfig } from '../ml/config';
import type { ModelRuntime } from '../ml/train/runtime';
import { layersExportFiles } from '../ml/weights/layers-models';

export async function layersZip(
  runtime: ModelRuntime,
  config: ModelConfig,
  title: string,
  /** A conditional model's class names; empty for an unconditional one. */
  classes: readonly string[] = [],
): Promise<Uint8Array> {
  const files = await layersExportFiles(runtime.nets, config, title, classes);
  // Level 0: float32 weights barely compress, and storing keeps the worker's time short.
  return zipSync(files, { level: 0 });
}

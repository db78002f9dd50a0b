// The PyTorch side: the playground's own PyTorch export of a run (generatePytorchScript), timed
// by bench/reference/torch_bench.py with Debian's python3-torch on the CPU.

import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireClasses } from '../../src/datasets/classes';
import { getDataset } from '../../src/datasets/registry';
import type { ImageShape } from '../../src/datasets/types';
import { isConditional, type ModelConfig } from '../../src/ml/config';
import { generatePytorchScript, type PytorchScriptMeta } from '../../src/ml/export-python';

export interface TorchResult {
  readonly imagesPerSec: number;
  readonly windowRates: number[];
  readonly windowSteps: number;
  readonly threads: number;
  readonly torch: string;
  readonly warmupSeconds: number;
}

export interface TorchPlan {
  readonly python: string;
  readonly warmup: number;
  readonly windows: number;
  /** Aim for timed windows this long (whole steps, at least one). */
  readonly windowSeconds: number;
  readonly budgetSeconds: number;
  /** 0: PyTorch's default. */
  readonly threads: number;
}

/** The export's dataset fields for a config on a bundled set: a conditional model's classes. */
export function scriptDataset(config: ModelConfig, datasetId: string): PytorchScriptMeta {
  return isConditional(config)
    ? { datasetId, classes: requireClasses(getDataset(datasetId).info) }
    : { datasetId };
}

const SCRIPT = path.join(import.meta.dirname, '..', 'reference', 'torch_bench.py');
let workDir: string | null = null;

export async function torchThroughput(
  config: ModelConfig,
  shape: ImageShape,
  datasetId: string,
  plan: TorchPlan,
): Promise<TorchResult> {
  workDir ??= await mkdtemp(path.join(os.tmpdir(), 'bench-torch-'));
  const model = path.join(workDir, `${config.kind}-${datasetId}.py`);
  await writeFile(model, generatePytorchScript(config, shape, scriptDataset(config, datasetId)));
  const { stdout } = await promisify(execFile)(
    plan.python,
    [
      SCRIPT,
      '--script',
      model,
      '--warmup',
      String(plan.warmup),
      '--windows',
      String(plan.windows),
      '--window-seconds',
      String(plan.windowSeconds),
      '--budget',
      String(plan.budgetSeconds),
      '--threads',
      String(plan.threads),
    ],
    { maxBuffer: 2 ** 20, timeout: 600_000 },
  );
  const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    median: number;
    imagesPerSec: number[];
    windowSteps: number;
    threads: number;
    torch: string;
    warmupSeconds: number;
  };
  return {
    imagesPerSec: out.median,
    windowRates: out.imagesPerSec,
    windowSteps: out.windowSteps,
    threads: out.threads,
    torch: out.torch,
    warmupSeconds: out.warmupSeconds,
  };
}

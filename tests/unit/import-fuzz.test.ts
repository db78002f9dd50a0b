// Fuzzing the weights import through the worker's own entry point (createTrainingWorkerApi's
// importWeights: size check, parse and validation, then a new trainer whose networks and Adam
// state are filled by applyWeights). Starting from real files of a tiny DCGAN and a tiny VAE,
// thousands of damaged files go in. Every one must either be refused with a WeightsImportError
// whose message is a sentence for a person, leaving the current run bit for bit as it was, or be
// loaded so that the run's weights and Adam state are exactly what the file says.

import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeSource } from '../../src/datasets/node-source';
import { DEFAULT_DCGAN, DEFAULT_VAE } from '../../src/ml/config';
import type { RunSpec } from '../../src/ml/train/types';
import { WeightsImportError } from '../../src/ml/weights/errors';
import { MAX_WEIGHTS_FILE_BYTES, type WeightsFile } from '../../src/ml/weights/format';
import { parseWeightsFile } from '../../src/ml/weights/parse';
import type { TrainingWorkerApi } from '../../src/worker/protocol';
import { createTrainingWorkerApi } from '../../src/worker/worker-api';
import { DatasetError } from '../../src/datasets/types';
import {
  byteEdits,
  deepNest,
  jsonEdits,
  randomBytes,
  truncations,
  type FuzzCase,
} from './weights-mutations';

// Reproducible by default; FUZZ_SEED=<n> explores other cases (a failure prints its seed + path).
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

const GAN: RunSpec = {
  datasetId: 'mnist',
  model: { ...DEFAULT_DCGAN, latentDim: 4, baseFilters: 4, batchSize: 4 },
  train: { seed: 5, stepsPerEpoch: 2, sampleEverySteps: null },
};
const VAE: RunSpec = {
  datasetId: 'mnist',
  model: { ...DEFAULT_VAE, latentDim: 2, baseFilters: 4, batchSize: 4 },
  train: { seed: 6, stepsPerEpoch: 2, sampleEverySteps: null },
};

let api: TrainingWorkerApi;
let ganFile: Uint8Array;
let vaeFile: Uint8Array;
// How the cases of the running property ended: each property checks that it took the paths its
// title promises (a fuzzer whose damaged files all happened to be refused, say, never tested the
// loading path).
let tally = { refused: 0, loaded: 0 };

beforeAll(async () => {
  api = createTrainingWorkerApi({ sourceFor: () => createNodeSource() });
  await api.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
  ganFile = await trainedFile(GAN);
  vaeFile = await trainedFile(VAE);
  // The run every case starts from: the GAN (a loaded case may replace it; that is fine).
  await api.importWeights(copy(ganFile));
});

afterAll(async () => {
  await api.disposeRun();
});

/** A real export: two Adam steps so every moment is non-zero, optimizer state included. */
async function trainedFile(spec: RunSpec): Promise<Uint8Array> {
  await api.createRun(spec);
  await api.trainStep();
  await api.trainStep();
  return new Uint8Array(await api.exportWeights({ includeOptimizer: true }));
}

function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/** The run as the worker would export it, minus the write time: weights, Adam, step, history. */
async function snapshot(): Promise<string> {
  const status = JSON.stringify(await api.status());
  const text = new TextDecoder().decode(await api.exportWeights({ includeOptimizer: true }));
  return status + text.replace(/"createdAt":"[^"]*"/, '');
}

/** Messages a person can act on: one sentence, not an engine's internal message. */
function expectClearRefusal(err: unknown): void {
  // A file naming a dataset this app lacks is refused by the dataset registry's own error.
  expect(err instanceof WeightsImportError || err instanceof DatasetError, String(err)).toBe(true);
  const message = (err as Error).message;
  expect(message).toMatch(/^[A-Z][^\n]{10,2500}[.)]$/);
  expect(message).not.toMatch(
    /\[object |Cannot read prop|is not a function|call stack|Invalid string length|of undefined|undefined is not|Unexpected token .* in JSON at position \d+$/,
  );
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.every((v, i) => v === y[i]);
}

/** After a load the run holds exactly the file's tensors, moments and progress. */
function expectLoaded(file: WeightsFile, run: WeightsFile): void {
  expect(run.meta.model).toEqual(file.meta.model);
  expect([run.meta.step, run.meta.epoch]).toEqual([file.meta.step, file.meta.epoch]);
  for (const [net, weights] of Object.entries(file.networks)) {
    const loaded = new Map(run.networks[net].map((w) => [w.name, w]));
    expect(loaded.size).toBe(weights.length);
    for (const w of weights) {
      const got = loaded.get(w.name);
      expect(got?.shape).toEqual(w.shape);
      expect(sameBits(got!.values, w.values), `${net}/${w.name}`).toBe(true);
    }
  }
  if (file.optimizers === null) return;
  for (const [name, opt] of Object.entries(file.optimizers)) {
    const got = run.optimizers?.[name];
    expect(got?.iterations).toBe(opt.iterations);
    if (opt.slots.length === 0) continue; // an empty slot list restores a fresh Adam
    opt.slots.forEach((s, i) => {
      expect(sameBits(got!.slots[i].m, s.m) && sameBits(got!.slots[i].v, s.v)).toBe(true);
    });
  }
}

/** One case: refused cleanly with the run untouched, or loaded exactly. */
async function importCase({ bytes }: FuzzCase): Promise<void> {
  const before = await snapshot();
  let refusal: unknown = null;
  try {
    await api.importWeights(copy(bytes));
  } catch (err) {
    refusal = err;
  }
  if (refusal !== null) {
    tally.refused++;
    expectClearRefusal(refusal);
    expect(await snapshot()).toBe(before);
    return;
  }
  tally.loaded++;
  const exported = new Uint8Array(await api.exportWeights({ includeOptimizer: true }));
  expectLoaded(parseWeightsFile(bytes), parseWeightsFile(exported));
}

const params = (numRuns: number): fc.Parameters<[FuzzCase]> => ({
  numRuns,
  seed: SEED,
  endOnFailure: false,
});

describe('weights import fuzzing (the worker path: size, parse, validate, apply)', () => {
  beforeEach(() => {
    tally = { refused: 0, loaded: 0 };
  });

  it('random bytes are refused with a message', async () => {
    await fc.assert(fc.asyncProperty(randomBytes(), importCase), params(400));
    expect(tally).toEqual({ refused: 400, loaded: 0 });
  });

  it('files cut at any offset are refused with a message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(truncations(ganFile), truncations(vaeFile)), importCase),
      params(400),
    );
    expect(tally).toEqual({ refused: 400, loaded: 0 });
  });

  // Most byte edits break the UTF-8 or the JSON; the few that keep a valid file (about one in a
  // hundred) depend on the seed, so only the refusals are counted here. The structural edits
  // below reach the loading path for sure.
  it('flipped, inserted and deleted bytes: refused cleanly or loaded exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(byteEdits(ganFile), byteEdits(vaeFile)), importCase),
      params(800),
    );
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('structural edits of the JSON at any depth: refused cleanly or loaded exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(jsonEdits(ganFile, vaeFile), jsonEdits(vaeFile, ganFile)),
        importCase,
      ),
      params(1500),
    );
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.loaded).toBeGreaterThan(0);
  });
});

describe('weights import: hostile sizes and nesting', () => {
  it(`refuses a file above ${MAX_WEIGHTS_FILE_BYTES / 2 ** 20} MB by its size, before decoding it`, async () => {
    // A valid file padded with a huge extra field: valid JSON, so only the size check stops it.
    const head = new TextDecoder().decode(ganFile).slice(0, -1);
    const pad = 200 * 1024 * 1024 - head.length - 20;
    const big = new Uint8Array(head.length + pad + 20);
    const prefix = new TextEncoder().encode(`${head},"padding":"`);
    big.set(prefix);
    big.fill(0x41, prefix.length, big.length - 2);
    big.set(new TextEncoder().encode('"}'), big.length - 2);
    const before = await snapshot();
    const err = await api.importWeights(big.buffer).catch((e: unknown) => e);
    expectClearRefusal(err);
    expect((err as WeightsImportError).problem).toBe('too-large');
    expect((err as Error).message).toMatch(/200\.0 MB.*limit/);
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ['[', 100_000],
    ['[', 1_000_000],
    ['{"a":', 100_000],
    ['{"a":', 1_000_000],
  ])('refuses JSON nested %s x %i with a message, no stack overflow', async (open, depth) => {
    const before = await snapshot();
    const text = deepNest(open, depth);
    const err = await api.importWeights(copy(new TextEncoder().encode(text))).catch((e) => e);
    expectClearRefusal(err);
    expect(await snapshot()).toBe(before);
  });

  it('refuses weights for a dataset of another image shape; the run is kept and still trains', async () => {
    const text = new TextDecoder().decode(ganFile).replace(`"id":"mnist"`, `"id":"flags"`);
    await api.importWeights(copy(ganFile));
    const before = await snapshot();
    const err = await api.importWeights(copy(new TextEncoder().encode(text))).catch((e) => e);
    expectClearRefusal(err);
    expect((err as WeightsImportError).problem).toBe('dataset');
    expect(await snapshot()).toBe(before);
    await api.trainStep();
    expect((await api.status()).step).toBe(3);
  });

  it('refuses a deep nest inside a tensor shape or a config value', async () => {
    const file = new TextDecoder().decode(ganFile);
    for (const [from, to] of [
      ['"shape":[', `"shape":[${deepNest('[', 200_000)},`],
      ['"latentDim":4', `"latentDim":${deepNest('{"a":', 200_000)}`],
      ['"history":[', `"history":[${deepNest('[', 200_000)},`],
    ]) {
      const before = await snapshot();
      const text = file.replace(from, to);
      expect(text).not.toBe(file);
      const err = await api.importWeights(copy(new TextEncoder().encode(text))).catch((e) => e);
      expectClearRefusal(err);
      expect(await snapshot()).toBe(before);
    }
  });
});

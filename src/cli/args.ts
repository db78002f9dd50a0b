// Command-line arguments of the headless trainer, parsed and validated into one typed object.
// Anything wrong produces a UsageError whose message is printed above the usage text.

import { parseArgs } from 'node:util';
import {
  checkField,
  fieldValueFromText,
  fieldsFor,
  ganConfigProblems,
  presetWithOverrides,
  type FieldValue,
  type ModelConfig,
  type ModelKind,
} from '../ml/config';

export const BACKENDS = ['cpu', 'wasm'] as const;
export type CliBackend = (typeof BACKENDS)[number];

export interface CliOptions {
  readonly model: 'dcgan' | 'vae';
  readonly dataset: string;
  /** At most one of steps / epochs is set; neither only when minutes is (then time alone). */
  readonly steps: number | null;
  readonly epochs: number | null;
  /** Wall-clock budget of training; with steps or epochs, whichever comes first. */
  readonly minutes: number | null;
  readonly batch: number | null;
  readonly latent: number | null;
  readonly seed: number;
  readonly backend: CliBackend;
  readonly init: string | null;
  /** The weights JSON; null when the run writes only a Layers export or a sample grid. */
  readonly out: string | null;
  readonly exportLayers: string | null;
  /** Directory for the generated PyTorch script (model.py) and its README. */
  readonly exportPython: string | null;
  readonly samples: string | null;
  readonly stepsPerEpoch: number | null;
  readonly includeOptimizer: boolean;
  /** Measure quality (FID, coverage, NELBO, nearest neighbours) at epoch ends and at the end. */
  readonly metrics: boolean;
  /** Hyperparameters from --set name=value, each checked against the model's field schema. */
  readonly overrides: Readonly<Record<string, FieldValue>>;
}

export const USAGE = `Usage: npm run train -- --model dcgan|vae --dataset mnist|fashion|flags|faces [--out weights.json]
                       [--steps N | --epochs N] [--minutes N] [--batch N] [--latent N] [--seed N]
                       [--backend cpu|wasm] [--init weights.json] [--export-layers DIR]
                       [--export-python DIR] [--samples grid.png] [--steps-per-epoch N]
                       [--no-optimizer] [--metrics] [--set name=value ...]

  --model            dcgan or vae
  --dataset          mnist, fashion, flags or faces
  --out              where to write the weights JSON (docs/weights-format.md); may be left out
                     when --export-layers or --samples is the output wanted
  --steps, --epochs  how long to train (default: 1 epoch, unless --minutes is given)
  --minutes          stop at the first step end after N minutes of training (e.g. 0.5); with
                     --steps or --epochs, whichever comes first; the outputs are written as usual
  --batch, --latent  override the preset's batch size and latent size
  --seed             seed for weights, data order and noise (default 1)
  --backend          wasm (default; about 80x faster here) or cpu
  --init             continue from a weights JSON written earlier (same model and dataset shape)
  --export-layers    also write the tfjs Layers models and a README: DIR/generator/ and DIR/discriminator/
                     (DIR/critic/ for wgan-gp; none with minibatch discrimination), or DIR/encoder/
                     and DIR/decoder/
  --export-python    also write DIR/model.py, a PyTorch script for this run (sample, train on GPUs with
                     torchrun, write weights back), and DIR/README.md (docs/pytorch-export.md)
  --samples          also write the final 8x8 sample grid as a PNG
  --steps-per-epoch  epoch length in steps (default: one pass over the training split)
  --no-optimizer     leave Adam's state out of the weights file (smaller, but no exact resume)
  --metrics          measure quality at each epoch end and print it at the end (docs/quality.md)
  --set name=value   any hyperparameter of the model, as the page's form has it (repeatable), e.g.
                     --set lrD=1e-4 --set loss=hinge --set labelSmoothing=0.1; a loss brings its
                     recommended settings (loss=wgan-gp: the paper's Adam, 5 critic steps, layer
                     norm), which other --set values override; names: dcgan
                     ${Object.keys(fieldsFor('dcgan')).join(', ')};
                     vae ${Object.keys(fieldsFor('vae')).join(', ')}`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function positiveInt(name: string, raw: string | undefined, min = 1): number | null {
  if (raw === undefined) return null;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${raw}"`);
  }
  return Number(raw);
}

function positiveNumber(name: string, raw: string | undefined): number | null {
  if (raw === undefined) return null;
  // Digits with an optional decimal point: no '', 'Infinity', '0x10' or '1e3' via Number().
  const value = /^(\d+\.?\d*|\.\d+)$/.test(raw) ? Number(raw) : NaN;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new UsageError(`--${name} must be a number greater than 0 (e.g. 0.5), got "${raw}"`);
  }
  return value;
}

export function parseCliArgs(argv: readonly string[], datasetIds: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        dataset: { type: 'string' },
        steps: { type: 'string' },
        epochs: { type: 'string' },
        minutes: { type: 'string' },
        batch: { type: 'string' },
        latent: { type: 'string' },
        seed: { type: 'string' },
        backend: { type: 'string' },
        init: { type: 'string' },
        out: { type: 'string' },
        'export-layers': { type: 'string' },
        'export-python': { type: 'string' },
        samples: { type: 'string' },
        'steps-per-epoch': { type: 'string' },
        'no-optimizer': { type: 'boolean' },
        metrics: { type: 'boolean' },
        set: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    // One line: Node spreads some of these over three (e.g. "--minutes -1" is "ambiguous").
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message.replace(/\s*\n\s*/g, ' '));
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  if (values.help) throw new UsageError('');

  const model = str('model');
  if (model !== 'dcgan' && model !== 'vae') {
    throw new UsageError(
      model === undefined ? '--model is required' : `unknown model "${model}" (dcgan or vae)`,
    );
  }
  const dataset = str('dataset');
  if (dataset === undefined || !datasetIds.includes(dataset)) {
    throw new UsageError(
      dataset === undefined
        ? '--dataset is required'
        : `unknown dataset "${dataset}" (${datasetIds.join(', ')})`,
    );
  }
  const out = str('out') || null;
  const exportLayers = str('export-layers') ?? null;
  const exportPython = str('export-python') ?? null;
  const samples = str('samples') ?? null;
  if (out === null && exportPython !== null) {
    throw new UsageError('--export-python needs --out: the script loads the weights file it names');
  }
  if (out === null && exportLayers === null && samples === null) {
    throw new UsageError('--out is required (or --export-layers or --samples as the only output)');
  }
  const steps = positiveInt('steps', str('steps'));
  const epochs = positiveInt('epochs', str('epochs'));
  if (steps !== null && epochs !== null) throw new UsageError('give --steps or --epochs, not both');
  const minutes = positiveNumber('minutes', str('minutes'));
  const init = str('init') ?? null;
  const sets = Array.isArray(values.set) ? values.set : [];
  if (init !== null && sets.length > 0) {
    throw new UsageError(
      '--set cannot change a run continued with --init (its settings are in the file)',
    );
  }
  const overrides = parseOverrides(model, sets);
  const backend = str('backend') ?? 'wasm';
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`unknown backend "${backend}" (${BACKENDS.join(' or ')})`);
  }
  const options: CliOptions = {
    model,
    dataset,
    steps,
    epochs: steps === null && epochs === null && minutes === null ? 1 : epochs,
    minutes,
    batch: positiveInt('batch', str('batch'), 2),
    latent: positiveInt('latent', str('latent'), 2),
    seed: positiveInt('seed', str('seed'), 0) ?? 1,
    backend: backend as CliBackend,
    init,
    out,
    exportLayers,
    exportPython,
    samples,
    stepsPerEpoch: positiveInt('steps-per-epoch', str('steps-per-epoch')),
    includeOptimizer: values['no-optimizer'] !== true,
    metrics: values.metrics === true,
    overrides,
  };
  cliModelConfig(options); // refuses bad combinations now, before any data loads
  return options;
}

/**
 * The model a new run trains: the dataset's preset, the chosen loss's recommended settings
 * (withLoss), then every other --set value, --batch and --latent. Refuses combinations that
 * cannot train as intended (ganConfigProblems).
 */
export function cliModelConfig(opts: CliOptions): ModelConfig {
  // The overrides were checked field by field against the same schema as the page's form.
  const config = presetWithOverrides(opts.model, opts.dataset, {
    ...opts.overrides,
    ...(opts.batch !== null ? { batchSize: opts.batch } : {}),
    ...(opts.latent !== null ? { latentDim: opts.latent } : {}),
  });
  const problems = config.kind === 'dcgan' ? ganConfigProblems(config) : [];
  if (problems.length > 0) throw new UsageError(`--set: ${problems.join(' ')}`);
  return config;
}

/** `name=value` pairs checked against the model's field schema (the same rules as the page's form). */
export function parseOverrides(
  model: ModelKind,
  pairs: readonly string[],
): Readonly<Record<string, FieldValue>> {
  const fields = fieldsFor(model);
  const out: Record<string, FieldValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    const raw = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (name === '' || raw === '') {
      throw new UsageError(`--set takes name=value, got "${pair}"`);
    }
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (spec === undefined) {
      throw new UsageError(
        `--set: ${model} has no setting "${name}" (${Object.keys(fields).join(', ')})`,
      );
    }
    const value = fieldValueFromText(spec, raw);
    const problem = checkField(spec, value);
    if (problem !== null) throw new UsageError(`--set ${name}=${raw}: ${problem}`);
    out[name] = value as FieldValue;
  }
  return out;
}

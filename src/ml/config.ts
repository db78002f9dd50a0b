// Model and training configuration: one typed schema that drives defaults, per-dataset presets,
// validation (UI fields, URL hash, weights import) and the help text next to every field.
// One file past 300 lines on purpose: the types, defaults, presets, field schema and the rules
// that tie settings together (a loss's recommended settings, combinations that cannot train) are
// read and changed together.

export type GanLoss = 'bce' | 'minimax' | 'lsgan' | 'hinge' | 'feature-matching' | 'wgan-gp';
/** The discriminator's normalisation after each downsampling stage but the first. */
export type DiscriminatorNorm = 'batch' | 'layer' | 'none';
export type VaeLikelihood = 'bernoulli' | 'gaussian';
export type ModelKind = 'dcgan' | 'vae';

export interface DcganConfig {
  readonly kind: 'dcgan';
  readonly latentDim: number;
  readonly baseFilters: number;
  readonly kernelSize: number;
  readonly batchSize: number;
  readonly lrG: number;
  readonly lrD: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly loss: GanLoss;
  readonly labelSmoothing: number;
  readonly dStepsPerG: number;
  /** Minibatch-discrimination kernels in the discriminator; 0 leaves the layer out. */
  readonly minibatchKernels: number;
  readonly discriminatorNorm: DiscriminatorNorm;
  /** Weight (lambda) of the gradient penalty; wgan-gp only. */
  readonly gpWeight: number;
  /** Class-conditional: the label enters the generator and the discriminator (src/datasets/classes.ts). */
  readonly conditional: boolean;
}

export interface VaeConfig {
  readonly kind: 'vae';
  readonly latentDim: number;
  readonly baseFilters: number;
  readonly kernelSize: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly klWeight: number;
  readonly klWarmupSteps: number;
  readonly likelihood: VaeLikelihood;
  /** Class-conditional: the label enters the encoder and the decoder (src/datasets/classes.ts). */
  readonly conditional: boolean;
}

export type ModelConfig = DcganConfig | VaeConfig;

/** How a run is driven, independent of the model. */
export interface TrainConfig {
  readonly seed: number;
  /** Steps per epoch; null means one pass over the training split. */
  readonly stepsPerEpoch: number | null;
  /** Emit a sample grid every N steps as well as at each epoch end; null: only at epoch ends. */
  readonly sampleEverySteps: number | null;
}

/**
 * Chosen for what a person sees per minute on a laptop CPU (`npm run bench:learning`,
 * docs/quality.md): a narrow network (base width 16, a quarter of the convolution work of 32)
 * trained at ten times the DCGAN paper's learning rate (2e-4) draws legible, still broken digits
 * after about two minutes on two cores. The paper's architecture otherwise: Adam beta1 0.5,
 * batch 64, N(0, 0.02) weights.
 */
export const DEFAULT_DCGAN: DcganConfig = {
  kind: 'dcgan',
  latentDim: 100,
  baseFilters: 16,
  kernelSize: 4,
  batchSize: 64,
  lrG: 2e-3,
  lrD: 2e-3,
  beta1: 0.5,
  beta2: 0.999,
  loss: 'bce',
  labelSmoothing: 0,
  dStepsPerG: 1,
  minibatchKernels: 0,
  discriminatorNorm: 'batch',
  gpWeight: 10,
  conditional: false,
};

export const DEFAULT_VAE: VaeConfig = {
  kind: 'vae',
  latentDim: 16,
  baseFilters: 32,
  kernelSize: 4,
  batchSize: 64,
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  klWeight: 1,
  klWarmupSteps: 0,
  likelihood: 'bernoulli',
  conditional: false,
};

export const DEFAULT_TRAIN: TrainConfig = { seed: 1, stepsPerEpoch: null, sampleEverySteps: null };

/** Whether a model is class-conditional (a kind without the option never is). */
export function isConditional(config: ModelConfig): boolean {
  return 'conditional' in config && config.conditional === true;
}

export function defaultConfig(kind: ModelKind): ModelConfig {
  return kind === 'dcgan' ? DEFAULT_DCGAN : DEFAULT_VAE;
}

/** Small per-dataset overrides of the defaults (nanoGPT-style presets). */
export const PRESETS: Record<string, { dcgan: Partial<DcganConfig>; vae: Partial<VaeConfig> }> = {
  mnist: { dcgan: {}, vae: {} },
  fashion: { dcgan: {}, vae: {} },
  // Only ~270 flags: label smoothing helps D. 64-pixel sets: a batch of 32 doubles the steps a
  // minute, and 1e-3 keeps those larger networks stable.
  flags: {
    dcgan: { batchSize: 32, labelSmoothing: 0.1, lrG: 1e-3, lrD: 1e-3 },
    vae: { baseFilters: 32, batchSize: 32, latentDim: 32, likelihood: 'gaussian' },
  },
  faces: {
    dcgan: { latentDim: 64, batchSize: 32, lrG: 1e-3, lrD: 1e-3 },
    vae: { baseFilters: 32, latentDim: 32, likelihood: 'gaussian' },
  },
};

export function presetConfig(kind: ModelKind, datasetId: string): ModelConfig {
  const preset = PRESETS[datasetId];
  if (kind === 'dcgan') return { ...DEFAULT_DCGAN, ...(preset?.dcgan ?? {}) };
  return { ...DEFAULT_VAE, ...(preset?.vae ?? {}) };
}

// ---- Field schema: drives validation and the UI's labelled inputs ------------------------------

export interface NumberField {
  readonly type: 'int' | 'float';
  readonly label: string;
  readonly help: string;
  readonly min: number;
  readonly max: number;
  /** Show on a log scale / step multiplicatively in the UI. */
  readonly log?: boolean;
  /**
   * For a field added after weights files were first written: the value a file without it
   * was trained with (strict parsing fills it in instead of refusing the file).
   */
  readonly before?: number;
}

export interface ChoiceOption {
  readonly value: string | number;
  readonly label: string;
  /** One or two sentences shown next to the choice: what it does and what to watch for. */
  readonly hint?: string;
}

export interface ChoiceField {
  readonly type: 'choice';
  readonly label: string;
  readonly help: string;
  readonly options: readonly ChoiceOption[];
  /** As NumberField's: the value files written before this field existed were trained with. */
  readonly before?: string | number;
}

/** An on/off setting: a checkbox in the form, `true`/`false` in links and on the command line. */
export interface BooleanField {
  readonly type: 'bool';
  readonly label: string;
  readonly help: string;
  /** As NumberField.before: the value of files written before the field existed. */
  readonly before?: boolean;
}

export type FieldSpec = NumberField | ChoiceField | BooleanField;

/** A field's value: a number, a choice's value or a boolean. */
export type FieldValue = number | string | boolean;

const shared = {
  latentDim: {
    type: 'int',
    label: 'Latent size',
    help: 'Length of the noise vector z the generator (or decoder) turns into an image.',
    min: 2,
    max: 512,
  },
  baseFilters: {
    type: 'int',
    label: 'Base width',
    help: 'Filters in the widest-resolution layer; deeper layers double it. Bigger learns more, slower.',
    min: 4,
    max: 256,
  },
  kernelSize: {
    type: 'choice',
    label: 'Kernel size',
    help: 'Size of each (transposed) convolution kernel. 4 tiles stride-2 layers evenly; 5 follows the DCGAN paper.',
    options: [
      { value: 4, label: '4 x 4' },
      { value: 5, label: '5 x 5' },
    ],
  },
  batchSize: {
    type: 'int',
    label: 'Batch size',
    help: 'Images per training step. Larger batches give smoother gradients but fewer steps per epoch.',
    min: 2,
    max: 512,
  },
  beta1: {
    type: 'float',
    label: 'Adam beta1',
    help: 'Momentum of Adam. GANs train more stably with 0.5 than with the usual 0.9.',
    min: 0,
    max: 0.999,
  },
  beta2: {
    type: 'float',
    label: 'Adam beta2',
    help: 'Decay of Adam’s squared-gradient average.',
    min: 0.5,
    max: 0.99999,
  },
} as const satisfies Record<string, FieldSpec>;

/** Both kinds' class-conditional toggle: the GAN's generator and discriminator, the VAE's encoder and decoder. */
const conditionalField = {
  type: 'bool',
  label: 'Class-conditional',
  help: 'Feed the class (digit, garment, hair style, folder) to both networks, so you can ask for a class: the sample grid then shows one row per class with the same noise in each column. Needs a dataset with classes.',
  before: false,
} as const satisfies BooleanField;

export const DCGAN_FIELDS: Record<Exclude<keyof DcganConfig, 'kind'>, FieldSpec> = {
  ...shared,
  lrG: {
    type: 'float',
    label: 'Generator learning rate',
    help: 'Adam step size for the generator. The DCGAN paper used 2e-4; these small networks learn much faster per minute at 1e-3 to 2e-3, and may wobble more.',
    min: 1e-6,
    max: 0.1,
    log: true,
  },
  lrD: {
    type: 'float',
    label: 'Discriminator learning rate',
    help: 'Adam step size for the discriminator. Lower it if D wins too easily (D(G(z)) near 0).',
    min: 1e-6,
    max: 0.1,
    log: true,
  },
  loss: {
    type: 'choice',
    label: 'Loss',
    help: 'Non-saturating BCE is the standard; least squares and hinge often train more smoothly. Choosing a loss loads its recommended settings (WGAN-GP: the paper’s Adam, 5 critic steps, layer norm).',
    options: [
      {
        value: 'bce',
        label: 'Non-saturating BCE',
        hint: 'G maximises log D(G(z)), which keeps its gradient strong while D wins. Watch D(G(z)): near 0 for long means D is winning.',
      },
      {
        value: 'minimax',
        label: 'Minimax (original)',
        hint: 'G minimises log(1 - D(G(z))), the game as first written. Watch the generator’s gradient norm fall towards zero in the first steps while D wins: the loss saturates.',
      },
      {
        value: 'lsgan',
        label: 'Least squares',
        hint: 'Squared error to targets 1 (real) and 0 (fake) on the raw score: gradients grow with the distance from the target instead of saturating.',
      },
      {
        value: 'hinge',
        label: 'Hinge',
        hint: 'D stops pushing scores past ±1; G raises D’s score on its images. Watch for D’s loss resting near 0 while samples stall.',
      },
      {
        value: 'feature-matching',
        label: 'Feature matching',
        hint: 'G matches the batch mean of D’s last convolution features (the flattened d_flatten output, before the logit) on real and generated images. Stable, but samples can stay blurry; G’s loss is a distance, not a probability.',
      },
      {
        value: 'wgan-gp',
        label: 'Wasserstein (WGAN-GP)',
        hint: 'A critic with no sigmoid scores images; a gradient penalty keeps it 1-Lipschitz, with 5 critic steps per G step and no batch norm. The critic’s distance estimate should fall as G improves.',
      },
    ],
  },
  labelSmoothing: {
    type: 'float',
    label: 'Label smoothing',
    help: 'One-sided: real images are labelled 1 - s for the discriminator (BCE only). 0.1 is common.',
    min: 0,
    max: 0.5,
  },
  dStepsPerG: {
    type: 'int',
    label: 'D steps per G step',
    help: 'How many discriminator updates to make for each generator update.',
    min: 1,
    max: 10,
  },
  minibatchKernels: {
    type: 'int',
    label: 'Minibatch-discrimination kernels',
    help: 'Kernels of a discriminator layer that compares each image with the rest of its batch, so a generator drawing the same few images gets caught (Salimans et al. 2016). Fights mode collapse; 0 turns it off.',
    min: 0,
    max: 128,
    before: 0,
  },
  discriminatorNorm: {
    type: 'choice',
    label: 'Discriminator normalisation',
    help: 'What follows each discriminator convolution but the first. Batch norm mixes the images of a batch, which breaks WGAN-GP’s per-image gradient penalty; layer norm normalises each image on its own.',
    options: [
      { value: 'batch', label: 'Batch norm' },
      { value: 'layer', label: 'Layer norm' },
      { value: 'none', label: 'None' },
    ],
    before: 'batch',
  },
  gpWeight: {
    type: 'float',
    label: 'Gradient penalty weight',
    help: 'WGAN-GP only: lambda, the weight of the penalty on critic gradient norms away from 1. The paper uses 10.',
    min: 0,
    max: 1000,
    before: 10,
  },
  conditional: conditionalField,
};

export const VAE_FIELDS: Record<Exclude<keyof VaeConfig, 'kind'>, FieldSpec> = {
  ...shared,
  beta1: { ...shared.beta1, help: 'Momentum of Adam; 0.9 is the usual choice for a VAE.' },
  lr: {
    type: 'float',
    label: 'Learning rate',
    help: 'Adam step size for encoder and decoder together.',
    min: 1e-6,
    max: 0.1,
    log: true,
  },
  klWeight: {
    type: 'float',
    label: 'KL weight (beta)',
    help: 'Weight of the KL term. Above 1 gives a smoother, more disentangled latent space; below 1 sharper images.',
    min: 0,
    max: 100,
  },
  klWarmupSteps: {
    type: 'int',
    label: 'KL warm-up steps',
    help: 'Ramp the KL weight from 0 to beta over this many steps, so the decoder learns to use z first.',
    min: 0,
    max: 1_000_000,
  },
  likelihood: {
    type: 'choice',
    label: 'Likelihood',
    help: 'Bernoulli (sigmoid + binary cross-entropy) suits grey digits; Gaussian (squared error) often suits colour images.',
    options: [
      { value: 'bernoulli', label: 'Bernoulli (BCE)' },
      { value: 'gaussian', label: 'Gaussian (MSE)' },
    ],
  },
  conditional: conditionalField,
};

export const TRAIN_FIELDS = {
  seed: {
    type: 'int',
    label: 'Seed',
    help: 'Seeds weights, data order and noise: the same seed on the same backend repeats a run.',
    min: 0,
    max: 2 ** 31 - 1,
  },
} as const satisfies Record<string, FieldSpec>;

export function fieldsFor(kind: ModelKind): Record<string, FieldSpec> {
  return kind === 'dcgan' ? DCGAN_FIELDS : VAE_FIELDS;
}

/** Checks one value against its field; returns an error message or null. */
export function checkField(spec: FieldSpec, value: unknown): string | null {
  if (spec.type === 'bool') {
    return typeof value === 'boolean' ? null : `${spec.label} must be true or false`;
  }
  if (spec.type === 'choice') {
    return spec.options.some((o) => o.value === value)
      ? null
      : `${spec.label} must be one of ${spec.options.map((o) => String(o.value)).join(', ')}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.label} must be a number`;
  if (spec.type === 'int' && !Number.isInteger(value))
    return `${spec.label} must be a whole number`;
  if (value < spec.min || value > spec.max)
    return `${spec.label} must be between ${spec.min} and ${spec.max}`;
  return null;
}

/**
 * A field's value from text (a link, the command line): `true`/`false` for a toggle, a number
 * where the field holds numbers, else the text itself (checkField then judges it).
 */
export function fieldValueFromText(spec: FieldSpec, text: string): unknown {
  const raw = text.trim();
  if (spec.type === 'bool') return raw === 'true' ? true : raw === 'false' ? false : raw;
  const numeric = spec.type !== 'choice' || spec.options.every((o) => typeof o.value === 'number');
  const value = Number(raw);
  return numeric && raw !== '' && !Number.isNaN(value) ? value : raw;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Validates an untrusted model config (from a weights file, the URL or a form).
 * strict: every field must be present and valid. lenient: missing or invalid fields fall back to
 * the defaults and unknown keys are ignored (URL state).
 */
export function parseModelConfig(
  raw: unknown,
  mode: 'strict' | 'lenient',
): ParseResult<ModelConfig> {
  if (typeof raw !== 'object' || raw === null)
    return { ok: false, errors: ['config is not an object'] };
  const obj = raw as Record<string, unknown>;
  if (obj.kind !== 'dcgan' && obj.kind !== 'vae')
    return {
      ok: false,
      errors: [`unknown model kind ${JSON.stringify(obj.kind)} (expected dcgan or vae)`],
    };
  const kind = obj.kind;
  const defaults = defaultConfig(kind) as unknown as Record<string, unknown>;
  const fields = fieldsFor(kind);
  const out: Record<string, unknown> = { kind };
  const errors: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    // A field newer than the file: the value every file without it was trained with.
    const older = mode === 'strict' && 'before' in spec ? spec.before : undefined;
    const value = obj[key] === undefined ? older : obj[key];
    const problem =
      value === undefined ? `${spec.label} (${key}) is missing` : checkField(spec, value);
    if (problem === null)
      out[key] = value === 0 ? 0 : value; // -0 in a file reads as 0
    else if (mode === 'lenient') out[key] = defaults[key];
    else errors.push(problem);
  }
  if (errors.length > 0) return { ok: false, errors };
  const config = out as unknown as ModelConfig;
  if (config.kind === 'dcgan') {
    const problems = ganConfigProblems(config);
    if (mode === 'strict' && problems.length > 0) return { ok: false, errors: problems };
    if (mode === 'lenient') return { ok: true, value: repairGanConfig(config).config };
  }
  return { ok: true, value: config };
}

// ---- Rules between settings --------------------------------------------------------------------

/**
 * What WGAN-GP brings (Gulrajani et al. 2017, Algorithm 1): Adam with lr 1e-4, beta1 0, beta2 0.9,
 * 5 critic steps per generator step; no batch norm in the critic (layer norm instead) and no
 * label smoothing (the critic outputs a score, not a probability).
 */
const WGAN_GP_SETTINGS = {
  lrG: 1e-4,
  lrD: 1e-4,
  beta1: 0,
  beta2: 0.9,
  dStepsPerG: 5,
  discriminatorNorm: 'layer',
  labelSmoothing: 0,
  minibatchKernels: 0,
} as const satisfies Partial<DcganConfig>;

const WGAN_GP_KEYS = Object.keys(WGAN_GP_SETTINGS) as (keyof typeof WGAN_GP_SETTINGS)[];

/**
 * `config` with `loss` and its recommended settings: WGAN-GP's from the paper; leaving WGAN-GP,
 * the fields it set go back to the dataset's preset. Other fields stay as they are.
 */
export function withLoss(config: DcganConfig, loss: GanLoss, datasetId: string): DcganConfig {
  if (loss === 'wgan-gp') return { ...config, ...WGAN_GP_SETTINGS, loss };
  if (config.loss !== 'wgan-gp') return { ...config, loss };
  const preset = presetConfig('dcgan', datasetId) as DcganConfig;
  const restored = Object.fromEntries(WGAN_GP_KEYS.map((key) => [key, preset[key]]));
  return { ...config, ...restored, loss };
}

/**
 * The dataset's preset with `overrides` over it, as every entry point (links, the CLI's --set,
 * the learning benchmark) applies them: a GAN loss first, with its recommended settings
 * (withLoss), then the other values. The overrides must already be valid field by field; the
 * combination is not checked here (ganConfigProblems).
 */
export function presetWithOverrides(
  kind: ModelKind,
  datasetId: string,
  overrides: Readonly<Record<string, unknown>>,
): ModelConfig {
  const preset = presetConfig(kind, datasetId);
  const loss = overrides.loss;
  const base =
    preset.kind === 'dcgan' && typeof loss === 'string'
      ? withLoss(preset, loss as GanLoss, datasetId)
      : preset;
  return { ...base, ...overrides } as ModelConfig;
}

/** A bad combination of settings: the field to change and why, as a sentence. */
interface GanConfigIssue {
  readonly key: keyof typeof WGAN_GP_SETTINGS;
  readonly message: string;
}

function ganConfigIssues(config: DcganConfig): GanConfigIssue[] {
  if (config.loss !== 'wgan-gp') return [];
  const issues: GanConfigIssue[] = [];
  if (config.labelSmoothing > 0) {
    issues.push({
      key: 'labelSmoothing',
      message: `Label smoothing (${config.labelSmoothing}) does not apply to WGAN-GP: its critic gives scores, not probabilities, so there is no label to smooth. Set it to 0.`,
    });
  }
  if (config.discriminatorNorm === 'batch') {
    issues.push({
      key: 'discriminatorNorm',
      message:
        'WGAN-GP needs a critic without batch norm: the gradient penalty is taken per image, and batch norm mixes the images of a batch. Use layer norm or none.',
    });
  }
  if (config.minibatchKernels > 0) {
    issues.push({
      key: 'minibatchKernels',
      message:
        'WGAN-GP needs a critic without minibatch discrimination: that layer compares each image with the rest of its batch, so the per-image gradient penalty would mix images. Set its kernels to 0.',
    });
  }
  return issues;
}

/** Clear sentences for combinations of settings that cannot train as intended; empty when none. */
export function ganConfigProblems(config: DcganConfig): string[] {
  return ganConfigIssues(config).map((issue) => issue.message);
}

/**
 * Fixes the combinations ganConfigProblems names with the values withLoss would choose, and says
 * which fields changed and why (links are parsed leniently and report what they dropped).
 */
export function repairGanConfig(config: DcganConfig): {
  readonly config: DcganConfig;
  readonly repaired: readonly { readonly key: keyof DcganConfig; readonly reason: string }[];
} {
  const issues = ganConfigIssues(config);
  if (issues.length === 0) return { config, repaired: [] };
  // Issues arise only under WGAN-GP, whose recommended values withLoss takes from this table.
  const fixes = Object.fromEntries(issues.map(({ key }) => [key, WGAN_GP_SETTINGS[key]]));
  return {
    config: { ...config, ...fixes },
    repaired: issues.map(({ key, message }) => ({ key, reason: message })),
  };
}

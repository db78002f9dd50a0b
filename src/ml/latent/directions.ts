// Attribute directions in latent space: the mean latent of one group of images minus the mean
// of another ("glasses" minus "no glasses"), added to any latent vector with a strength slider.
// Groups are picked by class label or by a labelled attribute (faces). Pure arrays, no tfjs.

import type { AttributeInfo } from '../../datasets/types';

/** Which images form a group. */
export type GroupRule =
  | { readonly by: 'label'; readonly value: number }
  /** A categorical attribute equal to `value` (an index into its `values`). */
  | { readonly by: 'category'; readonly attribute: number; readonly value: number }
  /** The lowest or highest third of a continuous attribute (thresholds from the data itself). */
  | { readonly by: 'tercile'; readonly attribute: number; readonly tercile: 'low' | 'high' };

/** The direction points from the `from` group's mean towards the `to` group's mean. */
export interface DirectionSpec {
  readonly from: GroupRule;
  readonly to: GroupRule;
}

/** Labels and attributes of a set of images, as stored in a dataset split. */
export interface LabelledImages {
  readonly count: number;
  readonly labels: Uint16Array;
  /** [count, attributeCount] row-major, when the set has attributes. */
  readonly attributes?: Float32Array;
}

export interface DirectionResult {
  /** meanTo - meanFrom, [dim]. */
  readonly direction: Float32Array;
  readonly meanFrom: Float32Array;
  readonly meanTo: Float32Array;
  readonly countFrom: number;
  readonly countTo: number;
}

/** 1 for every image the rule selects, 0 elsewhere. */
export function groupMask(
  rule: GroupRule,
  images: LabelledImages,
  attributeCount: number,
): Uint8Array {
  const mask = new Uint8Array(images.count);
  if (rule.by === 'label') {
    for (let i = 0; i < images.count; i++) mask[i] = images.labels[i] === rule.value ? 1 : 0;
    return mask;
  }
  const column = attributeColumn(images, attributeCount, rule.attribute);
  if (rule.by === 'category') {
    for (let i = 0; i < images.count; i++) mask[i] = column[i] === rule.value ? 1 : 0;
    return mask;
  }
  const [lowCut, highCut] = tercileCuts(column);
  for (let i = 0; i < images.count; i++) {
    mask[i] = rule.tercile === 'low' ? (column[i] <= lowCut ? 1 : 0) : column[i] >= highCut ? 1 : 0;
  }
  return mask;
}

/** The values at 1/3 and 2/3 of the sorted column (nearest rank). */
export function tercileCuts(values: ArrayLike<number>): [number, number] {
  if (values.length === 0) throw new Error('No values to split into thirds');
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return [at(1 / 3), at(2 / 3)];
}

/** Mean of the rows of `latents` [n, dim] where `mask` is 1; null when no row is selected. */
export function maskedMean(
  latents: Float32Array,
  dim: number,
  mask: Uint8Array,
): { mean: Float32Array; count: number } | null {
  if (latents.length !== mask.length * dim) {
    throw new Error(`Expected ${mask.length} x ${dim} latent values, got ${latents.length}`);
  }
  const sum = new Float64Array(dim);
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    count++;
    for (let j = 0; j < dim; j++) sum[j] += latents[i * dim + j];
  }
  if (count === 0) return null;
  return { mean: Float32Array.from(sum, (s) => s / count), count };
}

/** meanTo - meanFrom over the encoded images; throws a readable error when a group is empty. */
export function attributeDirection(
  latents: Float32Array,
  dim: number,
  images: LabelledImages,
  attributeCount: number,
  spec: DirectionSpec,
  describe: (rule: GroupRule) => string = (r) => JSON.stringify(r),
): DirectionResult {
  const from = maskedMean(latents, dim, groupMask(spec.from, images, attributeCount));
  const to = maskedMean(latents, dim, groupMask(spec.to, images, attributeCount));
  for (const [group, rule] of [
    [from, spec.from],
    [to, spec.to],
  ] as const) {
    if (group === null) throw new Error(`No encoded image is in the group "${describe(rule)}"`);
  }
  const direction = new Float32Array(dim);
  for (let j = 0; j < dim; j++) direction[j] = to!.mean[j] - from!.mean[j];
  return {
    direction,
    meanFrom: from!.mean,
    meanTo: to!.mean,
    countFrom: from!.count,
    countTo: to!.count,
  };
}

/** z + strength * direction. */
export function addDirection(
  z: ArrayLike<number>,
  direction: ArrayLike<number>,
  strength: number,
): Float32Array {
  if (z.length !== direction.length) throw new Error('Latent and direction differ in length');
  return Float32Array.from(z, (v, j) => v + strength * direction[j]);
}

/** Human name of a group, e.g. "3", "glasses: yes", "smile: high". */
export function describeGroup(
  rule: GroupRule,
  labelNames: readonly string[],
  attributes: readonly AttributeInfo[],
): string {
  if (rule.by === 'label') return labelNames[rule.value] ?? `class ${rule.value}`;
  const attr = attributes[rule.attribute];
  const name = attr?.name ?? `attribute ${rule.attribute}`;
  if (rule.by === 'category') return `${name}: ${attr?.values?.[rule.value] ?? rule.value}`;
  return `${name}: ${rule.tercile}`;
}

/** A slider caption: "3 towards 8", "add glasses", "more smile". */
export function describeDirection(
  spec: DirectionSpec,
  labelNames: readonly string[],
  attributes: readonly AttributeInfo[],
): string {
  const { from, to } = spec;
  if (from.by === 'tercile' && to.by === 'tercile' && from.attribute === to.attribute) {
    const name = attributes[to.attribute]?.name ?? 'attribute';
    return to.tercile === 'high' ? `more ${name}` : `less ${name}`;
  }
  if (from.by === 'category' && to.by === 'category' && from.attribute === to.attribute) {
    const attr = attributes[to.attribute];
    const values = attr?.values ?? [];
    // Two-valued yes/no attributes read best as "add glasses" / "remove glasses".
    if (values.length === 2 && values[0] === 'no' && values[1] === 'yes') {
      return `${to.value === 1 ? 'add' : 'remove'} ${attr.name}`;
    }
    return `${attr?.name ?? 'attribute'}: ${values[from.value] ?? from.value} towards ${values[to.value] ?? to.value}`;
  }
  return `${describeGroup(from, labelNames, attributes)} towards ${describeGroup(to, labelNames, attributes)}`;
}

/** A sensible first direction for a dataset: glasses on faces, 3 towards 8 on digits. */
export function defaultDirection(
  labelNames: readonly string[],
  attributes: readonly AttributeInfo[],
): DirectionSpec | null {
  const glasses = attributes.findIndex((a) => a.name === 'glasses');
  if (glasses >= 0) {
    return {
      from: { by: 'category', attribute: glasses, value: 0 },
      to: { by: 'category', attribute: glasses, value: 1 },
    };
  }
  const three = labelNames.indexOf('3');
  const eight = labelNames.indexOf('8');
  if (three >= 0 && eight >= 0)
    return { from: { by: 'label', value: three }, to: { by: 'label', value: eight } };
  if (labelNames.length >= 2)
    return { from: { by: 'label', value: 0 }, to: { by: 'label', value: 1 } };
  return null;
}

function attributeColumn(
  images: LabelledImages,
  attributeCount: number,
  attribute: number,
): Float32Array {
  if (images.attributes === undefined || attribute < 0 || attribute >= attributeCount) {
    throw new Error(`This dataset has no attribute number ${attribute}`);
  }
  const column = new Float32Array(images.count);
  for (let i = 0; i < images.count; i++)
    column[i] = images.attributes[i * attributeCount + attribute];
  return column;
}

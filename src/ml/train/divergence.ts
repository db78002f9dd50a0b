// Divergence: NaN or Inf in a loss or in a weight. Losses are read every step anyway; weights are
// counted on the device (one small read-back of [networks, 2] counts) every few steps, at each
// epoch end and whenever a loss goes bad, so the message can say where the run broke.

import * as tf from '@tensorflow/tfjs';
import { lossValues } from './loss-stats';
import { LOSS_KEYS, type LossKey, type Losses } from './types';

/** Steps between weight checks (each also runs at an epoch end and after a non-finite loss). */
export const WEIGHT_CHECK_EVERY = 10;

export interface NetNonFinite {
  readonly net: string;
  readonly nan: number;
  readonly inf: number;
}

export interface NonFiniteWeights {
  /** NaN plus Inf values over every network. */
  readonly total: number;
  /** Only the networks that hold any. */
  readonly nets: readonly NetNonFinite[];
}

/**
 * Counts NaN and Inf values in every weight (trainable or not: batch norm's moving statistics
 * are used for samples only, so a NaN there never shows in a loss). Leaves no tensors behind.
 */
export async function countNonFiniteWeights(
  nets: Readonly<Record<string, tf.LayersModel>>,
): Promise<NonFiniteWeights> {
  const names = Object.keys(nets);
  const counts = tf.tidy(() => {
    const perNet = names.map((name) => {
      const sums = nets[name].weights.map((w) => {
        const v = w.read();
        const nan = tf.sum(tf.cast(tf.isNaN(v), 'float32'));
        const inf = tf.sum(tf.cast(tf.isInf(v), 'float32'));
        return tf.stack([nan, inf]); // [2]
      });
      return sums.reduce((a, b) => tf.add(a, b), tf.zeros([2])); // [2]
    });
    return tf.stack(perNet); // [networks, 2]
  });
  const values = await counts.data();
  counts.dispose();
  const all = names.map((net, i) => ({ net, nan: values[2 * i], inf: values[2 * i + 1] }));
  const bad = all.filter((n) => n.nan + n.inf > 0);
  return { total: bad.reduce((sum, n) => sum + n.nan + n.inf, 0), nets: bad };
}

const LOSS_NAMES: Record<LossKey, string> = {
  dLoss: 'discriminator loss',
  gLoss: 'generator loss',
  dReal: 'D(x)',
  dFake: 'D(G(z))',
  gGradNorm: 'generator gradient norm',
  dGradNorm: 'discriminator gradient norm',
  wDistance: 'critic distance estimate',
  total: 'loss',
  recon: 'reconstruction loss',
  kl: 'KL term',
  klWeight: 'KL weight',
};

/** "the generator loss became Infinity", or null when every loss is finite. */
export function describeBadLoss(losses: Losses): string | null {
  const keys: readonly LossKey[] = LOSS_KEYS[losses.kind];
  const values = lossValues(losses);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad < 0) return null;
  return `the ${LOSS_NAMES[keys[bad]]} (${keys[bad]}) became ${String(values[bad])}`;
}

/** "15 weight values became NaN or Inf (generator: 12 NaN; discriminator: 2 NaN, 1 Inf)". */
export function describeBadWeights(weights: NonFiniteWeights): string | null {
  if (weights.total === 0) return null;
  const count = (n: number) => n.toLocaleString('en');
  const parts = weights.nets.map((n) => {
    const kinds = [n.nan > 0 ? `${count(n.nan)} NaN` : '', n.inf > 0 ? `${count(n.inf)} Inf` : '']
      .filter(Boolean)
      .join(', ');
    return `${n.net}: ${kinds}`;
  });
  const values = weights.total === 1 ? 'weight value' : 'weight values';
  return `${count(weights.total)} ${values} became NaN or Inf (${parts.join('; ')})`;
}

/**
 * Where a run broke, for the banner: "in the loss and in the weights: the generator loss (gLoss)
 * became Infinity; 449 weight values became NaN or Inf (discriminator: 449 NaN)".
 */
export function describeDivergence(badLoss: string | null, badWeights: string | null): string {
  const where =
    badLoss !== null && badWeights !== null
      ? 'in the loss and in the weights'
      : badLoss !== null
        ? 'in the loss (the weights are still finite)'
        : 'in the weights (the losses were still finite)';
  return `${where}: ${[badLoss, badWeights].filter((f) => f !== null).join('; ')}`;
}

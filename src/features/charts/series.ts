// Which values each chart shows, per model kind and, for a GAN, per loss: every GAN run gets its
// losses, a second chart (how the discriminator judges both kinds of image, or for WGAN-GP the
// critic's distance estimate) and the gradient norms.

import type { GanLoss, ModelKind } from '../../ml/config';
import type { SeriesKey } from '../../store/loss-log';

export interface SeriesSpec {
  readonly key: SeriesKey;
  readonly label: string;
  /** Index into the palette's series colours. */
  readonly color: 0 | 1 | 2 | 3;
}

/**
 * Which log-scale switch a chart follows: the card's (losses), its own, starting on log (values
 * that span decades), or none (probabilities in [0, 1], values that go negative).
 */
export type ChartScale = 'card' | 'own' | 'linear';

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** The y axis's title: what the values are, in what unit. */
  readonly unit: string;
  readonly series: readonly SeriesSpec[];
  readonly scale: ChartScale;
  /** Fixed y range, when the values have one. */
  readonly domain?: readonly [number, number];
  /** Shown in place of the plot before the first step. */
  readonly note: string;
  /** Shown in place of the plot when the log has steps but none with these values. */
  readonly missing?: string;
  /** A sentence under the plot on how to read it. */
  readonly footnote?: string;
}

const GAN_LOSSES: ChartSpec = {
  id: 'losses',
  title: 'Losses',
  unit: 'loss',
  series: [
    { key: 'dLoss', label: 'D loss', color: 0 },
    { key: 'gLoss', label: 'G loss', color: 1 },
  ],
  scale: 'card',
  note: 'Neither should run away: a D loss near 0 means the discriminator has won.',
};

/** WGAN-GP's losses are differences of raw critic scores: they go negative, so no log scale. */
const CRITIC_LOSSES: ChartSpec = {
  ...GAN_LOSSES,
  series: [
    { key: 'dLoss', label: 'Critic loss', color: 0 },
    { key: 'gLoss', label: 'G loss', color: 1 },
  ],
  scale: 'linear',
  note: 'The critic loss is minus its distance estimate plus the gradient penalty; it is often negative.',
};

const OUTPUTS: ChartSpec = {
  id: 'outputs',
  title: 'Discriminator outputs',
  unit: 'probability',
  series: [
    { key: 'dReal', label: 'D(x), real', color: 2 },
    { key: 'dFake', label: 'D(G(z)), fake', color: 3 },
  ],
  scale: 'linear',
  domain: [0, 1],
  note: 'How real D finds real and generated images; both near 0.5 is the balance.',
};

/** A critic gives scores, not probabilities: the gap between its mean scores is what it learns. */
const DISTANCE: ChartSpec = {
  id: 'distance',
  title: 'Distance to real images',
  unit: 'critic’s estimate',
  series: [{ key: 'wDistance', label: 'Critic’s estimate', color: 2 }],
  scale: 'linear',
  note: 'The critic’s estimate of how far generated images are from real ones; it should fall.',
  footnote:
    'The critic’s mean score on real images minus its mean score on generated ones. It falls ' +
    'as generated images get closer to real ones; its size depends on the critic, so watch the trend.',
};

const gradients = (d: string): ChartSpec => ({
  id: 'gradients',
  title: 'Gradient norms',
  unit: 'gradient size (L2 norm)',
  series: [
    { key: 'dGradNorm', label: `${d} gradient`, color: 0 },
    { key: 'gGradNorm', label: 'G gradient', color: 1 },
  ],
  scale: 'own',
  note: 'How big each network’s update signal is. A G gradient falling towards zero while D wins means G has stopped learning.',
  missing:
    'This run’s history was saved before gradient norms were recorded, so there is nothing to ' +
    'draw. Steps trained from now on add them.',
});

const VAE_CHARTS: readonly ChartSpec[] = [
  {
    id: 'losses',
    title: 'Loss per image',
    unit: 'nats per image',
    series: [
      { key: 'total', label: 'Total (−ELBO)', color: 0 },
      { key: 'recon', label: 'Reconstruction', color: 2 },
    ],
    scale: 'card',
    note: 'Reconstruction error plus the weighted KL term, in nats.',
  },
  {
    id: 'kl',
    title: 'KL divergence',
    unit: 'nats per image',
    series: [{ key: 'kl', label: 'KL to N(0, I)', color: 1 }],
    scale: 'card',
    note: 'How far the codes stray from the prior; rising KL means the latent carries more.',
  },
];

const GAN_CHARTS: readonly ChartSpec[] = [GAN_LOSSES, OUTPUTS, gradients('D')];
const CRITIC_CHARTS: readonly ChartSpec[] = [CRITIC_LOSSES, DISTANCE, gradients('Critic')];

/** The charts for a model kind; a GAN's depend on its loss (null: not known yet). */
export function chartsFor(kind: ModelKind, loss: GanLoss | null): readonly ChartSpec[] {
  if (kind === 'vae') return VAE_CHARTS;
  return loss === 'wgan-gp' ? CRITIC_CHARTS : GAN_CHARTS;
}

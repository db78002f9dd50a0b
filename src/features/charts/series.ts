// Which losses each chart shows, per model kind.

import type { ModelKind } from '../../ml/config';
import type { SeriesKey } from '../../store/loss-log';

export interface SeriesSpec {
  readonly key: SeriesKey;
  readonly label: string;
  /** Index into the palette's series colours. */
  readonly color: 0 | 1 | 2 | 3;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** The y axis's title: what the values are, in what unit. */
  readonly unit: string;
  readonly series: readonly SeriesSpec[];
  /** The log-scale toggle applies (probabilities in [0, 1] stay linear). */
  readonly logScale: boolean;
  /** Fixed y range, when the values have one. */
  readonly domain?: readonly [number, number];
  readonly note: string;
}

export const CHARTS: Record<ModelKind, readonly ChartSpec[]> = {
  dcgan: [
    {
      id: 'losses',
      title: 'Losses',
      unit: 'loss',
      series: [
        { key: 'dLoss', label: 'D loss', color: 0 },
        { key: 'gLoss', label: 'G loss', color: 1 },
      ],
      logScale: true,
      note: 'Neither should run away: a D loss near 0 means the discriminator has won.',
    },
    {
      id: 'outputs',
      title: 'Discriminator outputs',
      unit: 'probability',
      series: [
        { key: 'dReal', label: 'D(x), real', color: 2 },
        { key: 'dFake', label: 'D(G(z)), fake', color: 3 },
      ],
      logScale: false,
      domain: [0, 1],
      note: 'How real D finds real and generated images; both near 0.5 is the balance.',
    },
  ],
  vae: [
    {
      id: 'losses',
      title: 'Loss per image',
      unit: 'nats per image',
      series: [
        { key: 'total', label: 'Total (−ELBO)', color: 0 },
        { key: 'recon', label: 'Reconstruction', color: 2 },
      ],
      logScale: true,
      note: 'Reconstruction error plus the weighted KL term, in nats.',
    },
    {
      id: 'kl',
      title: 'KL divergence',
      unit: 'nats per image',
      series: [{ key: 'kl', label: 'KL to N(0, I)', color: 1 }],
      logScale: true,
      note: 'How far the codes stray from the prior; rising KL means the latent carries more.',
    },
  ],
};

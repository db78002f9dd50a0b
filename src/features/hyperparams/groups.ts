// How the hyperparameter form groups the schema's fields (src/ml/config.ts) for each model.

import type { ModelKind } from '../../ml/config';

export interface FieldGroup {
  readonly title: string;
  readonly fields: readonly string[];
}

export const GROUPS: Record<ModelKind, readonly FieldGroup[]> = {
  dcgan: [
    { title: 'Optimizer', fields: ['lrG', 'lrD', 'beta1', 'beta2'] },
    {
      title: 'Network',
      fields: [
        'latentDim',
        'baseFilters',
        'kernelSize',
        'batchSize',
        'minibatchKernels',
        'discriminatorNorm',
        'conditional',
      ],
    },
    { title: 'Loss', fields: ['loss', 'labelSmoothing', 'dStepsPerG', 'gpWeight'] },
  ],
  vae: [
    { title: 'Optimizer', fields: ['lr', 'beta1', 'beta2'] },
    {
      title: 'Network',
      fields: ['latentDim', 'baseFilters', 'kernelSize', 'batchSize', 'conditional'],
    },
    { title: 'Loss', fields: ['likelihood', 'klWeight', 'klWarmupSteps'] },
  ],
};

// Every weight of a network as the weights JSON names it (tfjs) and as the PyTorch module
// names it, with the permutation between the two layouts: the rows of the script's WEIGHT_TABLE.

import type { NetworkPlan } from '../models/network-plan';

/** Weight layouts: how a tfjs tensor is permuted into its PyTorch tensor. */
export type WeightLayout = 'dense' | 'conv' | 'deconv' | 'vector' | 'projection' | 'hwc';

export interface WeightRow {
  /** tfjs name inside its network, e.g. 'g_deconv1/kernel'. */
  readonly tfName: string;
  /** PyTorch name inside the module, e.g. 'g_deconv1.weight'. */
  readonly torchName: string;
  readonly layout: WeightLayout;
  readonly trainable: boolean;
}

/** Every weight of a network, in tfjs layer order, with its PyTorch name and layout. */
export function weightRows(plan: NetworkPlan): WeightRow[] {
  const rows: WeightRow[] = [];
  const row = (tf: string, torch: string, layout: WeightLayout, trainable = true) =>
    rows.push({ tfName: tf, torchName: torch, layout, trainable });
  for (const layer of plan.layers) {
    const n = layer.name;
    switch (layer.type) {
      case 'batchnorm':
        row(`${n}/gamma`, `${n}.weight`, 'vector');
        row(`${n}/beta`, `${n}.bias`, 'vector');
        row(`${n}/moving_mean`, `${n}.running_mean`, 'vector', false);
        row(`${n}/moving_variance`, `${n}.running_var`, 'vector', false);
        break;
      case 'layernorm': // scale and offset per element: tfjs [H, W, C], PyTorch [C, H, W]
        row(`${n}/gamma`, `${n}.weight`, 'hwc');
        row(`${n}/beta`, `${n}.bias`, 'hwc');
        break;
      case 'minibatch':
        row(`${n}/kernel`, `${n}.weight`, 'projection');
        break;
      case 'dense':
      case 'conv':
      case 'deconv':
        row(`${n}/kernel`, `${n}.weight`, layer.type);
        if (layer.bias) row(`${n}/bias`, `${n}.bias`, 'vector');
        break;
      case 'classProjection':
        // tfjs orders a model's layers from its inputs by depth: the class embedding comes
        // before the logit's dense layer, which reads it through the inner product.
        row(`${layer.embedName}/kernel`, `${layer.embedName}.weight`, 'dense');
        row(`${n}/kernel`, `${n}.weight`, 'dense');
        row(`${n}/bias`, `${n}.bias`, 'vector');
        break;
      case 'activation':
      case 'reshape':
      case 'flatten':
      case 'joinLabel':
        break; // no weights
    }
  }
  return rows;
}

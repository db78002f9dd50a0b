// The weights module's public API (docs/weights-format.md). Code that must not load tfjs (the
// page, before it hands a file to the worker) should import './parse' and './format' directly.

export { WEIGHTS_FORMAT_ID, WEIGHTS_FORMAT_VERSION, DEFAULT_MAX_BYTES } from './format';
export type {
  WeightsMeta,
  WeightsFile,
  WeightsJson,
  DecodedWeight,
  DecodedOptimizer,
} from './format';
export { WeightsImportError, type WeightsProblem } from './errors';
export type { NetworkSet, OptimizerSet, OptimizerSlot } from './targets';
export { serializeWeights, type SerializeOptions } from './serialize';
export { parseWeightsFile, decodeWeightsJson, type ParseOptions } from './parse';
export { checkCompatible, type CompatExpectations } from './compatible';
export { applyWeights } from './apply';
export { exportLayersModel, type LayersExport } from './layers-export';

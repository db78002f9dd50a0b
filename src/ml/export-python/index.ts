// PyTorch export: a generated Python script per run (pure functions, no tfjs, safe for the page).
// See docs/pytorch-export.md.

export {
  generatePytorchScript,
  DEFAULT_SCRIPT_NAME,
  DEFAULT_WEIGHTS_NAME,
  type PytorchScriptMeta,
} from './pytorch-script';
export { pytorchReadme } from './readme';

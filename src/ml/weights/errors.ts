// The one error type an import raises. Its message is written for a person (it is shown as is in
// the page); `problem` lets code branch on the kind of failure without parsing the text.

export type WeightsProblem =
  | 'too-large'
  | 'not-json'
  | 'format'
  | 'version'
  | 'kind'
  | 'config'
  | 'structure'
  | 'data'
  | 'non-finite'
  | 'missing-tensor'
  | 'unknown-tensor'
  | 'shape'
  | 'dataset'
  | 'optimizer';

export class WeightsImportError extends Error {
  override readonly name = 'WeightsImportError';
  readonly problem: WeightsProblem;

  constructor(problem: WeightsProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

// The page's first check on a weights file: its size, from the File object, before a byte of it
// is read into memory (the worker checks the bytes again before decoding them).

import { MAX_WEIGHTS_FILE_BYTES } from '../../ml/weights/format';

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** A message for the banner if the file is too large to import, else null. */
export function weightsFileTooLarge(file: {
  readonly name: string;
  readonly size: number;
}): string | null {
  if (file.size <= MAX_WEIGHTS_FILE_BYTES) return null;
  return (
    `${file.name} is ${megabytes(file.size)}, larger than the ${megabytes(MAX_WEIGHTS_FILE_BYTES)} ` +
    'limit for weights files, so it was not read. The current run is unchanged.'
  );
}

/**
 * A warning for an exported file too large to import here again (the form allows models whose
 * files pass the limit), else null. The file is still saved: Python and the CLI can use it.
 */
export function exportTooLargeToImport(
  fileName: string,
  bytes: number,
  withOptimizer: boolean,
): string | null {
  if (bytes <= MAX_WEIGHTS_FILE_BYTES) return null;
  const advice = withOptimizer
    ? " Leave out Adam's state (the option under the buttons) for a file about a third the size."
    : ' Choose a smaller base width or latent size to train a model that fits.';
  return (
    `${fileName} was saved, but at ${megabytes(bytes)} it is over the ` +
    `${megabytes(MAX_WEIGHTS_FILE_BYTES)} this page imports, so it cannot be loaded here again.` +
    advice
  );
}

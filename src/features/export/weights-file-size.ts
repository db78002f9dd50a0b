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

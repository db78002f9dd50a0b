// ByteSource for Node (command line, tests): reads the built files from disk. Kept in its own
// file so that the browser bundle never imports node:fs.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError, type ByteSource } from './types';

/** public/data of this checkout, where `npm run data` writes. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));

export function createNodeSource(rootDir: string = DEFAULT_DATA_DIR): ByteSource {
  const root = path.resolve(rootDir);
  return async (relativePath: string) => {
    const file = path.resolve(root, relativePath);
    if (!file.startsWith(root + path.sep)) {
      throw new DatasetError(`Refusing to read ${relativePath}: it is outside ${root}.`);
    }
    try {
      const buffer = await readFile(file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new DatasetError(`Missing data file ${file}. Run \`npm run data\` to build it.`);
      }
      const reason = err instanceof Error ? err.message : String(err);
      throw new DatasetError(`Could not read ${file} (${reason}).`);
    }
  };
}

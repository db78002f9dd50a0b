// Locating the npm packages the datasets are built from, and naming them with their version.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a file inside node_modules/<pkg>/. */
export function packagePath(pkg: string, relative: string): string {
  return path.join(REPO_ROOT, 'node_modules', pkg, relative);
}

/** "name@version" from the installed package.json; a clear error if it is not installed. */
export async function packageId(pkg: string): Promise<string> {
  const file = packagePath(pkg, 'package.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`Package ${pkg} is not installed (${file} missing). Run \`npm install\`.`);
  }
  const json = JSON.parse(text) as { name: string; version: string };
  return `${json.name}@${json.version}`;
}

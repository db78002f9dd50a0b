// Builds the app into a directory of the benchmark's own (other tools rebuild dist/ while they
// work; a build swapped under a running benchmark breaks it) and serves it with `vite preview`,
// which sends the cross-origin isolation headers from vite.config.ts. A build newer than every
// input is reused.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { preview } from 'vite';
import { freePort } from '../../src/lib/free-port';

const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

export interface Served {
  /** Base URL ending in '/'. */
  readonly url: string;
  readonly rebuilt: boolean;
  close(): Promise<void>;
}

export async function buildAndServe(
  root: string,
  outDir = path.join(os.tmpdir(), 'gan-playground-bench-dist'),
): Promise<Served> {
  if (!existsSync(path.join(root, 'public/data'))) {
    throw new Error('public/data is missing: run `npm run data` first.');
  }
  const index = path.join(outDir, 'index.html');
  const fresh =
    existsSync(index) &&
    statSync(index).mtimeMs > Math.max(...INPUTS.map((p) => newest(path.join(root, p))));
  if (!fresh) {
    const vite = path.join(root, 'node_modules/vite/bin/vite.js');
    await promisify(execFile)(
      process.execPath,
      [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 2 ** 20 },
    );
  }
  const port = await freePort();
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}/`, rebuilt: !fresh, close: () => server.close() };
}

function newest(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

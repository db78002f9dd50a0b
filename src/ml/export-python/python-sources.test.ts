// The Python parts of the generated script, checked by Python: every .py file compiles, the
// generated module holds exactly their text, and whole generated scripts pass pyflakes (undefined
// names, unused imports, ...), which a fragment alone cannot (it uses names other fragments define).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageShape } from '../../datasets/types';
import { DEFAULT_DCGAN, DEFAULT_VAE, type ModelConfig, withLoss } from '../config';
import { PYTHON_DIR, PYTHON_FILES, renderPythonSources, SOURCES_MODULE } from './python/build';
import { generatePytorchScript } from './pytorch-script';

/** Debian's Python, the one CI has (with python3-pyflakes installed by .ci/run). */
const PYTHON = '/usr/bin/python3';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'python-sources-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function python(args: string[]): { status: number | null; output: string } {
  // Compiled files go to the scratch folder, not into __pycache__ beside the sources.
  const env = { ...process.env, PYTHONPYCACHEPREFIX: path.join(scratch, 'pycache') };
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', env });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

describe('the Python sources', () => {
  const files = readdirSync(PYTHON_DIR).filter((f) => f.endsWith('.py'));

  it('are each listed once, so none is left out of the script', () => {
    expect(files.sort()).toEqual(
      Object.keys(PYTHON_FILES)
        .map((name) => `${name}.py`)
        .sort(),
    );
  });

  it.each(Object.keys(PYTHON_FILES))('%s.py compiles (python3 -m py_compile)', (name) => {
    const run = python(['-m', 'py_compile', path.join(PYTHON_DIR, `${name}.py`)]);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  it('reach the code through python-sources.ts, which matches them (npm run python-sources)', () => {
    expect(readFileSync(SOURCES_MODULE, 'utf8')).toBe(renderPythonSources());
  });
});

describe('a whole generated script', () => {
  const cases: [string, ModelConfig, ImageShape][] = [
    [
      'dcgan-mnist',
      { ...DEFAULT_DCGAN, minibatchKernels: 8 },
      { height: 28, width: 28, channels: 1 },
    ],
    [
      'dcgan-flags',
      { ...DEFAULT_DCGAN, minibatchKernels: 0 },
      { height: 48, width: 64, channels: 3 },
    ],
    [
      'dcgan-faces-wgan-gp',
      withLoss({ ...DEFAULT_DCGAN, minibatchKernels: 4 }, 'wgan-gp', 'faces'),
      { height: 64, width: 64, channels: 3 },
    ],
    ['vae-faces', DEFAULT_VAE, { height: 64, width: 64, channels: 3 }],
  ];

  it.each(cases)('%s passes pyflakes', (name, config, shape) => {
    const file = path.join(scratch, `${name}.py`);
    writeFileSync(file, generatePytorchScript(config, shape, { datasetId: name }));
    const run = python(['-m', 'pyflakes', file]);
    if (run.output.includes('No module named pyflakes')) {
      throw new Error('pyflakes is missing: apt-get install -y python3-pyflakes (as root)');
    }
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });
});

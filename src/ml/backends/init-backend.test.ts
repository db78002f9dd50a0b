// initBackend in Node: starts cpu and wasm (binaries found through nodeWasmPaths), registers the
// training kernels, and turns a backend that cannot start into an error instead of silently
// staying where it was.

import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { availableBackends, initBackend } from './init-backend';
import { nodeWasmPaths } from './wasm-paths-node';

describe('initBackend', () => {
  it('nodeWasmPaths points at the installed binaries', () => {
    const dir = nodeWasmPaths();
    expect(dir.endsWith(path.sep)).toBe(true);
    expect(existsSync(path.join(dir, 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('starts wasm from explicit paths with the training kernels registered', async () => {
    await expect(initBackend('wasm', { wasmPaths: nodeWasmPaths(), threads: false })).resolves.toBe(
      'wasm',
    );
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // A conv2d gradient, which stock wasm cannot compute, now runs.
    const g = tf.tidy(() =>
      tf
        .grad((f) => tf.conv2d(tf.ones<tf.Rank.R4>([1, 4, 4, 1]), f as tf.Tensor4D, 1, 'valid'))(
          tf.ones([2, 2, 1, 1]),
        )
        .dataSync(),
    );
    expect(Array.from(g)).toEqual([9, 9, 9, 9]); // each tap sees 3x3 ones
  });

  it('switches to cpu and back', async () => {
    await expect(initBackend('cpu')).resolves.toBe('cpu');
    await expect(initBackend('wasm')).resolves.toBe('wasm');
  });

  it('throws, naming the backend still active, when webgl cannot start in Node', async () => {
    await initBackend('cpu');
    await expect(initBackend('webgl')).rejects.toThrow(/could not start the 'webgl'.*'cpu'/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('throws for webgpu, with the reason, where there is no navigator.gpu (Node)', async () => {
    await expect(initBackend('webgpu')).rejects.toThrow(
      /'webgpu' backend is not available.*navigator\.gpu/,
    );
    // The package was not even loaded: it is fetched only where WebGPU exists.
    expect(tf.findBackendFactory('webgpu')).toBeNull();
  });

  it('availableBackends lists wasm and cpu in Node, not webgl', () => {
    const list = availableBackends();
    expect(list).toContain('wasm');
    expect(list).toContain('cpu');
    expect(list).not.toContain('webgl');
  });
});

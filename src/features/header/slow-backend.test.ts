import { describe, expect, it } from 'vitest';
import type { BackendSelection } from '../../worker/backend-report';
import { liveSlowNote, slowNote } from './slow-backend';

const selection: BackendSelection = {
  chosen: 'wasm',
  reason: 'wasm measured fastest',
  ms: 4200,
  ranking: ['wasm', 'webgpu', 'webgl', 'cpu'],
  probes: [
    { backend: 'wasm', status: 'measured', imagesPerSec: 162, timedSteps: 3, ms: 2000 },
    { backend: 'webgpu', status: 'measured', imagesPerSec: 90, timedSteps: 3, ms: 1200 },
    {
      backend: 'webgl',
      status: 'too-slow',
      belowImagesPerSec: 2.7,
      ms: 1000,
      reason: 'one training step did not finish within 1.0 s',
    },
    {
      backend: 'cpu',
      status: 'skipped',
      reason: 'not measured: WebAssembly works and is far faster',
    },
  ],
};

describe('slowNote', () => {
  it('warns about a backend under half the best measured speed, with the ratio', () => {
    const measured: BackendSelection = {
      ...selection,
      probes: [
        selection.probes[0],
        { backend: 'webgl', status: 'measured', imagesPerSec: 2.7, timedSteps: 2, ms: 1900 },
      ],
    };
    expect(slowNote('webgl', measured)).toEqual({
      short: '60x slower here',
      text: 'WebGL: 2.7 images/s here, 60x slower than WebAssembly (162 images/s).',
    });
  });

  it('says nothing of a backend at half the best speed or more, nor of the best itself', () => {
    expect(slowNote('webgpu', selection)).toBeNull(); // 90 of 162
    expect(slowNote('wasm', selection)).toBeNull(); // compared with WebGPU's 90: faster
  });

  it('gives a bound for a backend stopped as too slow, and the reason for one skipped as slow', () => {
    expect(slowNote('webgl', selection)?.text).toBe(
      'WebGL: under 2.7 images/s here, over 60x slower than WebAssembly (162 images/s).',
    );
    expect(slowNote('cpu', selection)?.text).toBe(
      'Plain JS: WebAssembly works and is far faster (WebAssembly: 162 images/s).',
    );
  });

  it('repeats a skip reason that says the backend is far slower, even with nothing measured', () => {
    const unmeasured: BackendSelection = {
      ...selection,
      probes: [
        {
          backend: 'wasm',
          status: 'skipped',
          reason: 'not measured: the only backend worth running here',
        },
        {
          backend: 'webgl',
          status: 'skipped',
          reason:
            'not measured: WebGL renders in software here (SwiftShader), far slower than WebAssembly',
        },
      ],
    };
    expect(slowNote('webgl', unmeasured)).toEqual({
      short: 'far slower here',
      text: 'WebGL renders in software here (SwiftShader), far slower than WebAssembly.',
    });
    expect(slowNote('wasm', unmeasured)).toBeNull();
  });

  it('says nothing without a measured backend to compare with', () => {
    expect(slowNote('webgl', null)).toBeNull();
    expect(
      slowNote('webgl', {
        ...selection,
        probes: selection.probes.filter((p) => p.backend !== 'wasm' && p.backend !== 'webgpu'),
      }),
    ).toBeNull();
  });
});

describe('liveSlowNote', () => {
  const before = { backend: 'wasm' as const, imagesPerSec: 162 };

  it('compares the run on its new backend with its speed before the switch', () => {
    expect(liveSlowNote('webgl', 2.7, before)).toBe(
      'WebGL: 2.7 images/s on this run, 60x slower than WebAssembly (162 images/s before the switch).',
    );
  });

  it('says nothing at half the speed or more, before a figure, or without a switch', () => {
    expect(liveSlowNote('webgl', 81, before)).toBeNull();
    expect(liveSlowNote('webgl', null, before)).toBeNull();
    expect(liveSlowNote('webgl', 2.7, null)).toBeNull();
    expect(liveSlowNote('wasm', 2.7, before)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { BackendReport } from '../../worker/backend-report';
import { backendRows, choiceSummary, switchSentence } from './report-rows';

const measuredReport: BackendReport = {
  active: 'webgpu',
  requested: 'auto',
  switches: [],
  threads: null,
  selection: {
    chosen: 'webgpu',
    reason: 'webgpu measured fastest: 850 images/s, wasm 96.',
    ms: 4200,
    ranking: ['webgpu', 'wasm', 'webgl', 'cpu'],
    probes: [
      { backend: 'wasm', status: 'measured', imagesPerSec: 96.4, timedSteps: 3, ms: 2000 },
      { backend: 'webgpu', status: 'measured', imagesPerSec: 850.2, timedSteps: 3, ms: 1200 },
      {
        backend: 'webgl',
        status: 'too-slow',
        belowImagesPerSec: 0.84,
        ms: 1000,
        reason: 'one training step did not finish within 1.0 s',
      },
      {
        backend: 'cpu',
        status: 'skipped',
        reason: 'not measured: WebAssembly works and is far faster',
      },
    ],
  },
};

describe('backendRows', () => {
  it('gives each backend its figure or its reason, and marks the active one', () => {
    expect(backendRows(measuredReport).map((r) => [r.label, r.figure, r.detail, r.active])).toEqual(
      [
        ['WebAssembly', '96.4 images/s', '3 timed steps after warm-up', false],
        ['WebGPU', '850 images/s', '3 timed steps after warm-up', true],
        ['WebGL', '< 0.84 images/s', 'one training step did not finish within 1.0 s', false],
        ['Plain JS', 'not measured', 'WebAssembly works and is far faster', false],
      ],
    );
  });

  it('has no rows when a backend was forced (nothing was measured)', () => {
    expect(
      backendRows({ ...measuredReport, requested: 'wasm', active: 'wasm', selection: null }),
    ).toEqual([]);
  });
});

describe('choiceSummary', () => {
  it('says how long choosing took and why', () => {
    expect(choiceSummary(measuredReport)).toBe(
      'WebGPU, picked automatically (choosing took 4.2 s): webgpu measured fastest: 850 images/s, wasm 96.',
    );
  });

  it('says when the forced or chosen backend stopped working', () => {
    expect(
      choiceSummary({ ...measuredReport, requested: 'webgl', active: 'wasm', selection: null }),
    ).toBe('WebAssembly: WebGL was chosen but stopped working.');
    expect(choiceSummary({ ...measuredReport, active: 'wasm' })).toMatch(
      /^WebAssembly: Auto picked WebGPU, which stopped working/,
    );
  });

  it('says how many CPU threads WebAssembly trains on', () => {
    const wasm = { ...measuredReport, requested: 'wasm' as const, active: 'wasm' as const };
    expect(choiceSummary({ ...wasm, selection: null, threads: 2 })).toBe(
      'WebAssembly on 2 CPU threads, as chosen.',
    );
    expect(choiceSummary({ ...wasm, selection: null, threads: 1 })).toBe(
      'WebAssembly on 1 CPU thread, as chosen.',
    );
  });
});

describe('switchSentence', () => {
  it('counts the steps to redo', () => {
    const change = {
      from: 'webgl' as const,
      to: 'wasm' as const,
      reason: 'the WebGL context was lost',
      failedAtStep: 89,
      resumedAtStep: 80,
      source: 'snapshot' as const,
    };
    expect(switchSentence(change)).toBe(
      'At step 89 the WebGL context was lost: WebAssembly continued from step 80 (9 steps redone).',
    );
    expect(switchSentence({ ...change, resumedAtStep: 89, source: 'exported' })).toMatch(
      /continued from step 89, nothing lost/,
    );
    expect(switchSentence({ ...change, resumedAtStep: 0, source: 'restarted' })).toMatch(
      /restarted from step 0/,
    );
  });
});

describe('choiceSummary without a comparison', () => {
  const onlyWasm: BackendReport = {
    active: 'wasm',
    requested: 'auto',
    switches: [],
    threads: 1,
    selection: {
      chosen: 'wasm',
      reason:
        'wasm chosen without a comparison (not measured: the only backend worth running here).',
      ms: 300,
      ranking: ['wasm', 'cpu'],
      probes: [
        {
          backend: 'webgl',
          status: 'skipped',
          reason:
            'not measured: WebGL renders in software here (SwiftShader), far slower than WebAssembly',
        },
        {
          backend: 'wasm',
          status: 'skipped',
          reason: 'not measured: the only backend worth running here',
        },
        {
          backend: 'cpu',
          status: 'skipped',
          reason: 'not measured: WebAssembly works and is far faster',
        },
      ],
    },
  };

  it('says in plain words where training runs and why the graphics card was not tried', () => {
    const text = choiceSummary(onlyWasm);
    expect(text).toBe(
      'Training on the processor: WebAssembly on 1 CPU thread, picked automatically (choosing took 0.3 s). ' +
        'The graphics card was not tried: WebGL renders in software here (SwiftShader), far slower than WebAssembly.',
    );
    expect(text).not.toMatch(/chosen without a comparison|worth running/);
  });

  it('says when the browser offers no graphics backend, or one failed', () => {
    const probes = onlyWasm.selection!.probes.filter((p) => p.backend !== 'webgl');
    expect(choiceSummary({ ...onlyWasm, selection: { ...onlyWasm.selection!, probes } })).toMatch(
      /This browser offers no way to train on the graphics card\.$/,
    );
    const failed = [
      ...probes,
      { backend: 'webgpu' as const, status: 'failed' as const, reason: 'no adapter' },
    ];
    expect(
      choiceSummary({ ...onlyWasm, selection: { ...onlyWasm.selection!, probes: failed } }),
    ).toMatch(/not tried: WebGPU did not start \(no adapter\)\.$/);
  });
});

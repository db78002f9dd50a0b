// Interpolation between two latent vectors along the great circle (slerp): pick two random
// samples (or, with a VAE, two real test images, encoded), then slide between them; a strip
// shows the whole path. On the faces set this is where one face morphs into another.

import { useEffect, useMemo, useState } from 'react';
import { Rng } from '../../lib/rng';
import type { ImageGrid } from '../../ml/train/types';
import { slerp, slerpPath } from '../../ml/latent/slerp';
import { useApp, useController } from '../../store/context';
import type { LatentModelInfo } from '../../worker/protocol';
import { CellPicker, GridCanvas } from './canvas';
import { useGenerated, useWeightsKey } from './use-latent';
import { messageOf } from '../../lib/error-message';

const PICKER_COLS = 4;
const PICKER_COUNT = 12;
/** Images along the path, both ends included. */
export const STRIP_STEPS = 10;

type Source = 'samples' | 'test';

export function Interpolation(props: { info: LatentModelInfo; seed: number }) {
  const { info, seed } = props;
  const controller = useController();
  const weightsKey = useWeightsKey();
  const setVector = useApp((s) => s.setLatentVector);
  const [source, setSource] = useState<Source>('samples');
  const [batch, setBatch] = useState(0);
  const [ends, setEnds] = useState<[number, number]>([0, 1]);
  const [nextEnd, setNextEnd] = useState<0 | 1>(0);
  const [t, setT] = useState(0.5);
  const [testGrid, setTestGrid] = useState<ImageGrid | null>(null);
  const [encoded, setEncoded] = useState<Float32Array | null>(null); // [2, dim]
  const [error, setError] = useState<string | null>(null);
  const dim = info.latentDim;
  const canUseTest = info.canEncode && info.testCount >= 2;
  const mode: Source = source === 'test' && canUseTest ? 'test' : 'samples';

  // Random samples to pick from, drawn from the run's seed and the "New" count.
  const sampleLatents = useMemo(
    () => new Rng(seed).fork(5000 + batch).normals(PICKER_COUNT * dim),
    [seed, batch, dim],
  );
  const testIndices = useMemo(() => {
    const rng = new Rng(seed).fork(6000 + batch);
    const count = Math.min(PICKER_COUNT, info.testCount);
    const picked = new Set<number>();
    while (picked.size < count) picked.add(rng.int(info.testCount));
    return [...picked];
  }, [seed, batch, info.testCount]);

  const samplesRequest = useMemo(
    () => (mode === 'samples' ? { latents: sampleLatents, cols: PICKER_COLS } : null),
    [mode, sampleLatents],
  );
  const samples = useGenerated(samplesRequest, weightsKey);

  useEffect(() => {
    if (mode !== 'test') return;
    let live = true;
    controller
      .workerApi()
      .testImages(testIndices, PICKER_COLS)
      .then((g) => {
        if (!live) return;
        setTestGrid(g);
        setError(null);
      })
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [controller, mode, testIndices]);

  // Encodings follow the weights: re-encode the two test images as training goes on.
  useEffect(() => {
    if (mode !== 'test') return;
    let live = true;
    controller
      .workerApi()
      .encodeTestImages([testIndices[ends[0]], testIndices[ends[1]]], 2)
      .then((r) => {
        if (!live) return;
        setEncoded(r.latents);
        setError(null);
      })
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [controller, mode, testIndices, ends, weightsKey]);

  const endpoints = useMemo((): [Float32Array, Float32Array] | null => {
    if (mode === 'test') {
      if (encoded === null || encoded.length !== 2 * dim) return null;
      return [encoded.subarray(0, dim), encoded.subarray(dim)];
    }
    const at = (i: number) => sampleLatents.subarray(i * dim, (i + 1) * dim);
    return [at(ends[0]), at(ends[1])];
  }, [mode, encoded, sampleLatents, ends, dim]);

  const pointRequest = useMemo(
    () =>
      endpoints
        ? { latents: slerp(endpoints[0], endpoints[1], t), cols: 1, tag: `${ends.join('-')}@${t}` }
        : null,
    [endpoints, t, ends],
  );
  const stripRequest = useMemo(
    () =>
      endpoints
        ? { latents: slerpPath(endpoints[0], endpoints[1], STRIP_STEPS), cols: STRIP_STEPS }
        : null,
    [endpoints],
  );
  const point = useGenerated(pointRequest, weightsKey);
  const strip = useGenerated(stripRequest, weightsKey);

  const pick = (i: number) => {
    const next: [number, number] = [...ends];
    next[nextEnd] = i;
    setEnds(next);
    setNextEnd(nextEnd === 0 ? 1 : 0);
  };
  const pickerGrid = mode === 'samples' ? samples.grid : testGrid;
  const shownError = error ?? samples.error ?? point.error ?? strip.error;

  return (
    <section className="latent-section" aria-labelledby="latent-interp-title">
      <h3 id="latent-interp-title">Interpolation</h3>
      <p className="latent-help">
        Click two {mode === 'samples' ? 'samples' : 'test images'} (A, then B) and slide between
        them. The path follows the sphere the prior's samples live on (spherical interpolation), so
        the middle does not fade towards the average.
      </p>
      <div className="latent-row">
        <div className="latent-tabs" role="radiogroup" aria-label="What to interpolate between">
          <label>
            <input
              type="radio"
              name="interp-source"
              checked={mode === 'samples'}
              onChange={() => setSource('samples')}
            />
            Random samples
          </label>
          <label title={canUseTest ? undefined : 'Needs an encoder: train a VAE'}>
            <input
              type="radio"
              name="interp-source"
              data-testid="interp-source-test"
              checked={mode === 'test'}
              disabled={!canUseTest}
              onChange={() => setSource('test')}
            />
            Real test images {info.canEncode ? '(encoded)' : '(VAE only)'}
          </label>
        </div>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="interp-new"
          onClick={() => setBatch(batch + 1)}
        >
          New {mode === 'samples' ? 'samples' : 'images'}
        </button>
      </div>
      <div className="latent-explorer">
        {pickerGrid !== null ? (
          <CellPicker
            grid={pickerGrid}
            count={PICKER_COUNT}
            marks={{ [ends[0]]: 'A', [ends[1]]: ends[1] === ends[0] ? 'A B' : 'B' }}
            testId="interp-pick"
            onPick={pick}
            cellWidth={56}
          />
        ) : (
          <div className="latent-picker placeholder">Drawing samples…</div>
        )}
        <div className="latent-output">
          <GridCanvas
            grid={point.grid}
            testId="interp-output"
            tag={point.tag}
            label={`Image at ${Math.round(t * 100)}% of the way from A to B`}
            targetWidth={192}
          />
          <label className="latent-slider wide">
            <span>A</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.01}
              value={t}
              data-testid="interp-slider"
              aria-label="Position between A and B"
              onChange={(e) => setT(Number(e.target.value))}
            />
            <span>B</span>
          </label>
          <button
            type="button"
            className="btn btn-sm"
            data-testid="interp-to-sliders"
            disabled={endpoints === null}
            title="Set the sliders (and the base of attribute directions) to this point"
            onClick={() => endpoints && setVector(slerp(endpoints[0], endpoints[1], t))}
          >
            Use this point in the sliders
          </button>
        </div>
      </div>
      <div className="latent-strip">
        <GridCanvas
          grid={strip.grid}
          testId="interp-strip"
          label={`${STRIP_STEPS} images along the path from A to B`}
          targetWidth={640}
        />
      </div>
      {shownError !== null && (
        <p className="latent-error" role="status">
          {shownError}
        </p>
      )}
    </section>
  );
}

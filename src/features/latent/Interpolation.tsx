// Interpolation between two latent vectors along the great circle (slerp): pick two random
// samples (or, with a VAE, two real test images, encoded), then slide between them; a strip
// shows the whole path. On the faces set this is where one face morphs into another. A
// conditional model gives each end a class (a test image: its label) and can also walk from
// class A to class B at A's fixed noise (interp-path.ts).

import { useEffect, useMemo, useState } from 'react';
import { Rng } from '../../lib/rng';
import type { ImageGrid } from '../../ml/train/types';
import { useApp, useController } from '../../store/context';
import type { EncodedImages, LatentModelInfo } from '../../worker/protocol';
import { CellPicker, GridCanvas } from './canvas';
import { InterpClassControls } from './InterpClassControls';
import { pathPoint, pathStrip, type PathEnds, type Walk } from './interp-path';
import { useGenerated, useWeightsKey } from './use-latent';
import { messageOf } from '../../lib/error-message';

const PICKER_COLS = 4;
const PICKER_COUNT = 12;
/** Images along the path, both ends included. */
export const STRIP_STEPS = 10;

type Source = 'samples' | 'test';

/** Two encoded test images: posterior means [2, dim] and, for a conditional VAE, their labels. */
type EncodedEnds = Pick<EncodedImages, 'latents' | 'classes'>;

export function Interpolation(props: { info: LatentModelInfo; seed: number }) {
  const { info, seed } = props;
  const controller = useController();
  const weightsKey = useWeightsKey();
  const setVector = useApp((s) => s.setLatentVector);
  const setSliderClass = useApp((s) => s.setLatentClass);
  const [source, setSource] = useState<Source>('samples');
  const [batch, setBatch] = useState(0);
  const [ends, setEnds] = useState<[number, number]>([0, 1]);
  const [nextEnd, setNextEnd] = useState<0 | 1>(0);
  const [t, setT] = useState(0.5);
  const [testGrid, setTestGrid] = useState<ImageGrid | null>(null);
  const [encoded, setEncoded] = useState<EncodedEnds | null>(null);
  const classCount = info.classNames?.length ?? 0;
  const [picked, setPicked] = useState<[number, number]>([0, 1]);
  const [walk, setWalk] = useState<Walk>('noise');
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

  // A conditional model's classes of A and B: picked, or a test image's own label.
  const endClasses = useMemo((): [number, number] | null => {
    if (classCount === 0) return null;
    // Kept within the class count (a conditional model has two classes or more).
    if (mode === 'samples')
      return [Math.min(picked[0], classCount - 1), Math.min(picked[1], classCount - 1)];
    const labels = encoded?.classes;
    return labels !== undefined && labels.length === 2 ? [labels[0], labels[1]] : null;
  }, [classCount, mode, picked, encoded]);

  // The picker's samples are drawn as class A: what changes between them is the noise.
  const samplesRequest = useMemo(
    () =>
      mode === 'samples'
        ? { latents: sampleLatents, cols: PICKER_COLS, classes: endClasses?.[0] }
        : null,
    [mode, sampleLatents, endClasses],
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
        setEncoded({ latents: r.latents, classes: r.classes });
        setError(null);
      })
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [controller, mode, testIndices, ends, weightsKey]);

  const endpoints = useMemo((): PathEnds | null => {
    const classes =
      endClasses === null ? null : { k: classCount, a: endClasses[0], b: endClasses[1] };
    if (classCount > 0 && classes === null) return null; // the test images' labels are on the way
    if (mode === 'test') {
      if (encoded === null || encoded.latents.length !== 2 * dim) return null;
      return { a: encoded.latents.subarray(0, dim), b: encoded.latents.subarray(dim), classes };
    }
    const at = (i: number) => sampleLatents.subarray(i * dim, (i + 1) * dim);
    return { a: at(ends[0]), b: at(ends[1]), classes };
  }, [mode, encoded, sampleLatents, ends, dim, endClasses, classCount]);

  // Tags say what each image shows: the ends, their classes, the walk and the position.
  // "0-1" names the two picked samples; a conditional model's tag adds their classes and the walk.
  const pathTag =
    endClasses === undefined || endClasses === null
      ? ends.join('-')
      : `${ends.join('-')}:${endClasses.join('-')}:${walk}`;
  const pointRequest = useMemo(
    () =>
      endpoints ? { ...pathPoint(endpoints, walk, t), cols: 1, tag: `${pathTag}@${t}` } : null,
    [endpoints, walk, t, pathTag],
  );
  const stripRequest = useMemo(
    () =>
      endpoints
        ? { ...pathStrip(endpoints, walk, STRIP_STEPS), cols: STRIP_STEPS, tag: pathTag }
        : null,
    [endpoints, walk, pathTag],
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
        {info.classNames !== undefined &&
          ' Each end also has a class. "Only the class" keeps the noise of A and blends its class into the class of B: the style stays while one class turns into the other.'}
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
      {info.classNames !== undefined && (
        <InterpClassControls
          names={info.classNames}
          classes={endClasses ?? picked}
          onClasses={setPicked}
          fromLabels={mode === 'test'}
          walk={walk}
          onWalk={setWalk}
        />
      )}
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
            onClick={() => {
              if (endpoints === null) return;
              setVector(pathPoint(endpoints, walk, t).latents);
              // The sliders draw one class: the nearer end's.
              if (endClasses !== null) setSliderClass(endClasses[t < 0.5 ? 0 : 1]);
            }}
          >
            Use this point in the sliders
          </button>
        </div>
      </div>
      <div className="latent-strip">
        <GridCanvas
          grid={strip.grid}
          testId="interp-strip"
          tag={strip.tag}
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

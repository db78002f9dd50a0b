// A slider per latent dimension (the first 16, the rest on request) and the image the generator
// (VAE: decoder) draws for that vector, redrawn as the sliders move. A conditional model also
// takes a class, picked by name: the same vector drawn as another class keeps its style.

import { useMemo, useState } from 'react';
import { Rng } from '../../lib/rng';
import { useApp } from '../../store/context';
import type { LatentModelInfo } from '../../worker/protocol';
import { GridCanvas } from './canvas';
import { ClassSelect } from './ClassSelect';
import { useGenerated, useSliderClass, useWeightsKey } from './use-latent';

/** Sliders shown before "Show all". */
export const FIRST_SLIDERS = 16;
/** Slider range in prior standard deviations. */
export const SLIDER_LIMIT = 3;

export function SliderExplorer(props: { info: LatentModelInfo; seed: number }) {
  const { info, seed } = props;
  const vector = useApp((s) => s.latentVector);
  const setVector = useApp((s) => s.setLatentVector);
  const setClass = useApp((s) => s.setLatentClass);
  const drawnClass = useSliderClass(info);
  const [showAll, setShowAll] = useState(false);
  const [draws, setDraws] = useState(1);
  const weightsKey = useWeightsKey();
  const request = useMemo(
    () =>
      vector !== null && vector.length === info.latentDim
        ? { latents: vector, cols: 1, classes: drawnClass, tag: `class-${drawnClass ?? ''}` }
        : null,
    [vector, info.latentDim, drawnClass],
  );
  const { grid, tag, error } = useGenerated(request, weightsKey);
  if (vector === null || vector.length !== info.latentDim) return null;

  const setDim = (j: number, value: number) => {
    const next = Float32Array.from(vector);
    next[j] = value;
    setVector(next);
  };
  const random = () => {
    // A new seeded draw per click: the same run and clicks give the same vectors.
    setVector(new Rng(seed).fork(1000 + draws).normals(info.latentDim));
    setDraws(draws + 1);
  };
  const shown = showAll ? info.latentDim : Math.min(FIRST_SLIDERS, info.latentDim);
  const { height, width } = { height: grid?.height ?? 28, width: grid?.width ?? 28 };

  return (
    <section className="latent-section" aria-labelledby="latent-sliders-title">
      <h3 id="latent-sliders-title">Latent sliders</h3>
      <p className="latent-help">
        Each slider moves one of the {info.latentDim} numbers the{' '}
        {info.kind === 'vae' ? 'decoder' : 'generator'} turns into an image (in standard deviations
        of the prior N(0, 1)).
        {info.classNames !== undefined &&
          ' The model also takes a class: the same numbers drawn as another class keep their style (for digits: thickness and slant) and change what the image shows.'}
      </p>
      <div className="latent-explorer">
        <div className="latent-output">
          <GridCanvas
            grid={grid}
            testId="latent-output"
            label="Image generated from the slider values"
            targetWidth={192}
            placeholder={{ width, height }}
            tag={grid === null ? undefined : tag}
          />
          {info.classNames !== undefined && drawnClass !== undefined && (
            <ClassSelect
              names={info.classNames}
              value={drawnClass}
              onChange={setClass}
              label="Class"
              testId="latent-class"
              title="The class the model draws from these numbers"
            />
          )}
          <div className="latent-buttons">
            <button
              type="button"
              className="btn btn-sm"
              data-testid="latent-random"
              onClick={random}
            >
              Random
            </button>
            <button
              type="button"
              className="btn btn-sm"
              data-testid="latent-reset"
              title="Every dimension to 0: the centre of the prior"
              onClick={() => setVector(new Float32Array(info.latentDim))}
            >
              Reset
            </button>
          </div>
          {error !== null && (
            <p className="latent-error" role="status">
              {error}
            </p>
          )}
        </div>
        <div className="latent-sliders">
          {Array.from({ length: shown }, (_, j) => (
            <label key={j} className="latent-slider">
              <span className="latent-slider-name">z{j + 1}</span>
              <input
                type="range"
                min={-SLIDER_LIMIT}
                max={SLIDER_LIMIT}
                step={0.05}
                value={vector[j]}
                data-testid={`latent-slider-${j}`}
                aria-label={`Latent dimension ${j + 1}`}
                onChange={(e) => setDim(j, Number(e.target.value))}
              />
              <output className="latent-slider-value">{vector[j].toFixed(2)}</output>
            </label>
          ))}
          {info.latentDim > FIRST_SLIDERS && (
            <button
              type="button"
              className="btn btn-sm latent-more"
              data-testid="latent-show-all"
              onClick={() => setShowAll(!showAll)}
            >
              {showAll
                ? `Show the first ${FIRST_SLIDERS}`
                : `Show all ${info.latentDim} dimensions`}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}

// The latent-space explorer: sliders per latent dimension, interpolation between two samples,
// the 2-D plane of a 2-dimensional VAE (or, for any other run, how to get one; a larger VAE
// latent is shown projected on its principal components), and attribute directions. Every image is drawn by the
// worker from the run's current weights, while training runs or is paused.

import { useEffect, useRef } from 'react';
import { Rng } from '../../lib/rng';
import { useApp } from '../../store/context';
import { DirectionControls } from './DirectionControls';
import { Interpolation } from './Interpolation';
import { ManifoldView } from './ManifoldView';
import { PlaneOffer } from './PlaneOffer';
import { ProjectionView } from './ProjectionView';
import { SliderExplorer } from './SliderExplorer';
import { LatentVisibleContext, useLatentInfoSync, useOnScreen } from './use-latent';
import './latent.css';

export function LatentPanel() {
  useLatentInfoSync();
  const info = useApp((s) => s.latentInfo);
  const seed = useApp((s) => s.runSpec?.train.seed ?? 1);
  const vector = useApp((s) => s.latentVector);
  const setVector = useApp((s) => s.setLatentVector);
  const root = useRef<HTMLDivElement>(null);
  const visible = useOnScreen(root);

  // A new run (or a different latent size): start from a seeded random vector.
  useEffect(() => {
    if (info === null) return;
    if (vector === null || vector.length !== info.latentDim) {
      setVector(new Rng(seed).fork(999).normals(info.latentDim));
    }
  }, [info, seed, vector, setVector]);

  return (
    // The page's section frame gives the title; this is its body.
    <div className="latent-panel" data-testid="latent-panel" ref={root}>
      {info === null ? (
        <>
          <p className="latent-note" data-testid="latent-empty">
            Train a model (or import weights) to explore its latent space: move sliders, morph one
            sample into another, and add directions such as &ldquo;glasses&rdquo;.
          </p>
          <PlaneOffer info={null} />
        </>
      ) : (
        <LatentVisibleContext value={visible}>
          <SliderExplorer info={info} seed={seed} />
          <Interpolation
            key={`${info.datasetId}-${info.latentDim}-${info.classNames?.length ?? 0}`}
            info={info}
            seed={seed}
          />
          {info.canEncode && info.latentDim > 2 && <ProjectionView latentDim={info.latentDim} />}
          {info.canEncode && info.latentDim === 2 ? (
            <ManifoldView info={info} />
          ) : (
            <PlaneOffer info={info} />
          )}
          <DirectionControls key={`${info.datasetId}-${info.kind}`} info={info} />
        </LatentVisibleContext>
      )}
    </div>
  );
}

// Where the 2-D latent plane would be when the run cannot draw it: says what it needs (a VAE with
// latent size 2: two numbers per image fit a flat map) and sets the next run up for it in one
// click. A run in progress keeps its form, so then it says to Reset first.

import type { ModelKind } from '../../ml/config';
import { useApp } from '../../store/context';
import type { LatentModelInfo } from '../../worker/protocol';

export function PlaneOffer({ info }: { info: LatentModelInfo | null }) {
  const modelKind = useApp((s) => s.modelKind);
  const latentDraft = useApp((s) => s.drafts.latentDim);
  const setModelKind = useApp((s) => s.setModelKind);
  const setDraft = useApp((s) => s.setDraft);
  const formOpen = useApp((s) => s.runPhase === 'none' && s.workerPhase === 'ready');
  const nextIsPlane = modelKind === 'vae' && latentDraft === '2';

  const setUp = () => {
    if (modelKind !== 'vae') setModelKind('vae');
    setDraft('latentDim', '2');
  };

  return (
    <section
      className="latent-section latent-plane-offer"
      aria-labelledby="latent-plane-offer-title"
      data-testid="plane-offer"
    >
      <h3 id="latent-plane-offer-title">2-D map of the latent space</h3>
      <p className="latent-help">
        A VAE with latent size 2 puts every image at a point on a plane: this panel then draws what
        the decoder makes all over that plane beside where each test image lands.{' '}
        {info !== null && <>This run is {describe(info.kind, info.latentDim)}. </>}
        {nextIsPlane
          ? formOpen
            ? 'The next run is set up for it: press Train.'
            : 'The next run is set up for it: Reset this run, then Train.'
          : formOpen
            ? ''
            : 'Reset this run to set one up.'}
      </p>
      {!nextIsPlane && (
        <button
          type="button"
          data-testid="plane-setup"
          disabled={!formOpen}
          onClick={setUp}
          title="Sets the model to the VAE and its latent size to 2; press Train to start"
        >
          Set up a VAE with latent size 2
        </button>
      )}
    </section>
  );
}

function describe(kind: ModelKind, latentDim: number): string {
  return kind === 'vae' ? `a VAE with latent size ${latentDim}` : 'a GAN, which has no encoder';
}

// Model picker: DCGAN or convolutional VAE, with a line on what each does.

import { useId } from 'react';
import { Card } from '../../components/Card';
import type { ModelKind } from '../../ml/config';
import { useApp } from '../../store/context';

const ABOUT: Record<ModelKind, string> = {
  dcgan:
    'A generator turns noise into images while a discriminator learns to tell them from real ones; each improves against the other.',
  vae: 'An encoder compresses each image to a small latent code and a decoder rebuilds it; sampling codes gives new images.',
};

export function ModelPanel() {
  const id = useId();
  const modelKind = useApp((s) => s.modelKind);
  const setModelKind = useApp((s) => s.setModelKind);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const runPhase = useApp((s) => s.runPhase);
  const locked = !ready || runPhase !== 'none';
  return (
    <Card title="Model" className="model-card">
      <div className="stack">
        <label htmlFor={id} className="visually-hidden">
          Model
        </label>
        <select
          id={id}
          className="select"
          data-testid="model-select"
          value={modelKind}
          disabled={locked}
          onChange={(e) => setModelKind(e.target.value as ModelKind)}
        >
          <option value="dcgan">DCGAN (generative adversarial network)</option>
          <option value="vae">Convolutional VAE (variational autoencoder)</option>
        </select>
        <p className="hint">{ABOUT[modelKind]}</p>
      </div>
    </Card>
  );
}

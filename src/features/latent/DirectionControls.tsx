// Attribute directions: the mean encoded latent of one group (a class, or an attribute value
// on faces) minus that of another becomes a slider added to the explorer's vector ("add
// glasses", "more smile", "3 towards 8"). Needs an encoder, so only the VAE offers it.
// Past 300 lines because the group pickers, the request state and the slider list share one
// form's state; each part is a small component below the panel.

import { useMemo, useState } from 'react';
import type { AttributeInfo } from '../../datasets/types';
import {
  addDirection,
  defaultDirection,
  describeDirection,
  type DirectionResult,
  type DirectionSpec,
  type GroupRule,
} from '../../ml/latent/directions';
import { useApp, useAppStore, useController } from '../../store/context';
import type { LatentModelInfo } from '../../worker/protocol';
import { GridCanvas } from './canvas';
import { useGenerated, useSliderClass, useWeightsKey } from './use-latent';

/** Images encoded to estimate the two means. */
export const DIRECTION_IMAGES = 2000;
const STRIP_STRENGTHS = [-2, -1, 0, 1, 2];

/** 'label', or an attribute's index. */
type GroupBy = 'label' | number;

export function DirectionControls(props: { info: LatentModelInfo }) {
  const { info } = props;
  const hasLabels = info.labelNames.length >= 2;
  if (!info.canEncode) {
    return (
      <DirectionShell>
        <p className="latent-note" data-testid="direction-unavailable">
          Not available for a GAN: a direction is the mean latent of one group of real images minus
          another&apos;s, and a GAN has no encoder to place real images in its latent space. Train a
          VAE on this dataset to use attribute directions.
        </p>
      </DirectionShell>
    );
  }
  if (!hasLabels && info.attributes.length === 0) {
    return (
      <DirectionShell>
        <p className="latent-note" data-testid="direction-unavailable">
          This dataset has a single label and no attributes, so there are no groups to compare.
        </p>
      </DirectionShell>
    );
  }
  return (
    <DirectionShell>
      <DirectionEditor info={info} />
    </DirectionShell>
  );
}

function DirectionShell(props: { children: React.ReactNode }) {
  return (
    <section className="latent-section" aria-labelledby="latent-direction-title">
      <h3 id="latent-direction-title">Attribute directions</h3>
      {props.children}
    </section>
  );
}

/** The choices a group selector offers for `by`: class names, category values, low/high. */
function choicesFor(by: GroupBy, info: LatentModelInfo): readonly string[] {
  if (by === 'label') return info.labelNames;
  const attr = info.attributes[by];
  return attr.kind === 'categorical' ? (attr.values ?? []) : ['low third', 'high third'];
}

function ruleFor(by: GroupBy, choice: number, attributes: readonly AttributeInfo[]): GroupRule {
  if (by === 'label') return { by: 'label', value: choice };
  if (attributes[by].kind === 'categorical')
    return { by: 'category', attribute: by, value: choice };
  return { by: 'tercile', attribute: by, tercile: choice === 0 ? 'low' : 'high' };
}

function initialChoice(info: LatentModelInfo): { by: GroupBy; from: number; to: number } {
  const spec = defaultDirection(info.labelNames, info.attributes);
  if (spec === null) return { by: 0, from: 0, to: 1 };
  const { from, to } = spec;
  if (from.by === 'label' && to.by === 'label')
    return { by: 'label', from: from.value, to: to.value };
  if (from.by === 'category' && to.by === 'category') {
    return { by: from.attribute, from: from.value, to: to.value };
  }
  return { by: 'label', from: 0, to: 1 };
}

function DirectionEditor(props: { info: LatentModelInfo }) {
  const { info } = props;
  const controller = useController();
  const store = useAppStore();
  const vector = useApp((s) => s.latentVector);
  const setVector = useApp((s) => s.setLatentVector);
  const weightsKey = useWeightsKey();
  const [choice, setChoice] = useState(() => initialChoice(info));
  const [result, setResult] = useState<{
    spec: DirectionSpec;
    at: number;
    r: DirectionResult;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [strength, setStrength] = useState(0);
  // Whether training has moved past the computed direction: a boolean, so this editor does not
  // re-render on every training step.
  const resultAt = result?.at ?? null;
  const stale = useApp((s) => resultAt !== null && s.step !== resultAt);

  const spec: DirectionSpec = {
    from: ruleFor(choice.by, choice.from, info.attributes),
    to: ruleFor(choice.by, choice.to, info.attributes),
  };
  const caption = describeDirection(spec, info.labelNames, info.attributes);
  const choices = choicesFor(choice.by, info);

  const compute = async () => {
    setBusy(true);
    setError(null);
    const at = store.getState().step;
    try {
      const r = await controller.workerApi().attributeDirection(spec, DIRECTION_IMAGES);
      setResult({ spec, at, r });
      setStrength(1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const dim = info.latentDim;
  const base = vector !== null && vector.length === dim ? vector : null;
  const direction = result?.r.direction ?? null;
  const classes = useSliderClass(info); // a conditional model draws the sliders' class
  const pointRequest = useMemo(
    () =>
      base && direction
        ? {
            latents: addDirection(base, direction, strength),
            cols: 1,
            classes,
            tag: String(strength),
          }
        : null,
    [base, direction, strength, classes],
  );
  const stripRequest = useMemo(() => {
    if (!base || !direction) return null;
    const latents = new Float32Array(STRIP_STRENGTHS.length * dim);
    STRIP_STRENGTHS.forEach((s, k) => latents.set(addDirection(base, direction, s), k * dim));
    return { latents, cols: STRIP_STRENGTHS.length, classes };
  }, [base, direction, dim, classes]);
  const point = useGenerated(pointRequest, weightsKey);
  const strip = useGenerated(stripRequest, weightsKey);
  const resultCaption = result
    ? describeDirection(result.spec, info.labelNames, info.attributes)
    : null;

  const groupOptions: { value: string; label: string }[] = [
    ...(info.labelNames.length >= 2 ? [{ value: 'label', label: 'Class label' }] : []),
    ...info.attributes.map((a, k) => ({ value: String(k), label: a.name })),
  ];

  return (
    <>
      <p className="latent-help">
        The VAE encodes up to {DIRECTION_IMAGES} images; the mean of one group minus the mean of the
        other is a direction you can add to the slider vector above.
      </p>
      <div className="latent-row direction-pickers">
        <label>
          Group by
          <select
            className="select"
            data-testid="direction-by"
            value={String(choice.by)}
            onChange={(e) => {
              const by: GroupBy = e.target.value === 'label' ? 'label' : Number(e.target.value);
              setChoice({ by, from: 0, to: Math.min(1, choicesFor(by, info).length - 1) });
            }}
          >
            {groupOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <GroupSelect
          label="From"
          testId="direction-from"
          choices={choices}
          value={choice.from}
          onChange={(from) => setChoice({ ...choice, from })}
        />
        <GroupSelect
          label="Towards"
          testId="direction-to"
          choices={choices}
          value={choice.to}
          onChange={(to) => setChoice({ ...choice, to })}
        />
        <button
          type="button"
          className="btn btn-sm"
          data-testid="direction-compute"
          disabled={busy || choice.from === choice.to}
          onClick={() => void compute()}
        >
          {busy ? 'Encoding…' : `Compute "${caption}"`}
        </button>
      </div>
      {result !== null && resultCaption !== null && (
        <div className="latent-explorer">
          <div className="latent-output">
            <GridCanvas
              grid={point.grid}
              testId="direction-output"
              tag={point.tag}
              label={`Slider vector plus ${strength.toFixed(2)} times "${resultCaption}"`}
              targetWidth={160}
            />
          </div>
          <div className="direction-controls">
            <label className="latent-slider wide">
              <span className="direction-name">{resultCaption}</span>
              <input
                type="range"
                min={-2}
                max={2}
                step={0.05}
                value={strength}
                data-testid="direction-slider"
                aria-label={`Strength of "${resultCaption}"`}
                onChange={(e) => setStrength(Number(e.target.value))}
              />
              <output>{strength.toFixed(2)}</output>
            </label>
            <p className="latent-help">
              From {result.r.countFrom} and {result.r.countTo} encoded images, at step {result.at}
              {stale ? ' (training has moved on: compute again to update)' : ''}.
            </p>
            <div className="latent-buttons">
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => setVector(Float32Array.from(result.r.meanFrom))}
              >
                Start from the mean of the first group
              </button>
              <button
                type="button"
                className="btn btn-sm"
                disabled={base === null}
                onClick={() => base && setVector(addDirection(base, result.r.direction, strength))}
              >
                Apply to the sliders
              </button>
            </div>
            <GridCanvas
              grid={strip.grid}
              testId="direction-strip"
              label={`Strengths ${STRIP_STRENGTHS.join(', ')}`}
              targetWidth={360}
            />
            <p className="latent-help">Strength {STRIP_STRENGTHS.join(', ')}</p>
          </div>
        </div>
      )}
      {(error ?? point.error) !== null && (
        <p className="latent-error" role="status">
          {error ?? point.error}
        </p>
      )}
    </>
  );
}

/** Picks one group of the current grouping by its index in `choices`. */
function GroupSelect(props: {
  label: string;
  testId: string;
  choices: readonly string[];
  value: number;
  onChange: (index: number) => void;
}) {
  const { label, testId, choices, value, onChange } = props;
  return (
    <label>
      {label}
      <select
        className="select"
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {choices.map((c, k) => (
          <option key={k} value={k}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

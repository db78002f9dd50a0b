// The hyperparameter form, driven by the config schema: every field (its explanation one click
// away, so the sidebar stays short for a newcomer), each refused value with its message beside
// it, the dataset's preset one click away. While a run
// goes on only the learning rates stay open; they apply to the running model at once.

import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { Card } from '../../components/Card';
import { fieldsFor, presetConfig, type GanLoss, type ModelKind } from '../../ml/config';
import { useApp, useController } from '../../store/context';
import {
  draftProblems,
  draftsFor,
  parseFieldText,
  RUN_FIELDS,
  runFieldProblem,
  type RunFieldName,
} from '../../store/drafts';
import { isLiveField } from '../../store/learning-rates';
import { hasRun } from '../../store/run-slice';
import { FieldRow } from './FieldRow';
import { GROUPS } from './groups';
import { LossChoiceNote } from './LossChoiceNote';
import './hyperparams.css';

export function HyperparamPanel() {
  const modelKind = useApp((s) => s.modelKind);
  const datasetId = useApp((s) => s.datasetId);
  const drafts = useApp((s) => s.drafts);
  const runPhase = useApp((s) => s.runPhase);
  const restorePreset = useApp((s) => s.restorePreset);
  const datasets = useApp((s) => s.datasets);
  const running = hasRun(runPhase) || runPhase === 'loading' || runPhase === 'creating';
  const problems = useMemo(() => draftProblems(modelKind, drafts), [modelKind, drafts]);
  const atPreset = useMemo(() => {
    const preset = draftsFor(presetConfig(modelKind, datasetId));
    return Object.keys(preset).every((k) => preset[k] === drafts[k]);
  }, [modelKind, datasetId, drafts]);
  const datasetName = datasets.find((d) => d.id === datasetId)?.name ?? datasetId;
  const [explain, setExplain] = useState(false);

  return (
    <Card
      title="Hyperparameters"
      className="params-card"
      subtitle={
        running
          ? 'Learning rates can change while training; Reset to change the rest'
          : atPreset
            ? `Preset for ${datasetName}`
            : `Changed from the ${datasetName} preset`
      }
      actions={
        <>
          <button
            type="button"
            className="btn btn-sm btn-quiet"
            aria-pressed={explain}
            data-testid="params-explain"
            onClick={() => setExplain(!explain)}
          >
            {explain ? 'Hide help' : 'Explain'}
          </button>
          {!running && !atPreset && (
            <button type="button" className="btn btn-sm" onClick={restorePreset}>
              Restore preset
            </button>
          )}
        </>
      }
    >
      <div className="field-groups">
        {GROUPS[modelKind].map((group) => (
          <FieldGroup key={group.title} title={group.title}>
            {group.fields.map((name) => (
              <ModelField
                key={name}
                kind={modelKind}
                name={name}
                error={problems[name] ?? null}
                locked={running && !isLiveField(name)}
                live={hasRun(runPhase) && isLiveField(name)}
                showHelp={explain}
              />
            ))}
          </FieldGroup>
        ))}
        <RunFields locked={running} showHelp={explain} />
      </div>
    </Card>
  );
}

/** A learning rate typed while a run goes on reaches the worker this long after the last key. */
const LIVE_DELAY_MS = 400;

function ModelField(props: {
  kind: ModelKind;
  name: string;
  error: string | null;
  locked: boolean;
  live: boolean;
  showHelp: boolean;
}) {
  const { kind, name, live } = props;
  const controller = useController();
  const text = useApp((s) => s.drafts[name] ?? '');
  const setDraft = useApp((s) => s.setDraft);
  const chooseLoss = useApp((s) => s.chooseLoss);
  const changed = useApp((s) => s.lossChoice?.changes.some((c) => c.field === name) ?? false);
  const spec = fieldsFor(kind)[name];
  // A GAN's loss brings its recommended settings with it.
  const choosesLoss = kind === 'dcgan' && name === 'loss';
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const apply = (value: string) => {
    if (!live) return;
    const parsed = parseFieldText(spec, value);
    if (parsed.ok && typeof parsed.value === 'number') {
      void controller.setLearningRates({ [name]: parsed.value });
    }
  };

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const row = (
    <FieldRow
      name={name}
      spec={spec}
      text={text}
      error={props.error}
      disabled={props.locked}
      showHelp={props.showHelp}
      changed={changed}
      note={live ? 'Applies to the running model.' : undefined}
      onChange={(value) => {
        // The select offers only the schema's options, each a GanLoss.
        if (choosesLoss) chooseLoss(value as GanLoss);
        else setDraft(name, value);
        if (!live) return;
        if (timer.current !== null) clearTimeout(timer.current);
        timer.current = setTimeout(() => apply(value), LIVE_DELAY_MS);
      }}
    />
  );
  if (!choosesLoss) return row;
  return (
    <>
      {row}
      <LossChoiceNote />
    </>
  );
}

function RunFields({ locked, showHelp }: { locked: boolean; showHelp: boolean }) {
  const runDrafts = useApp((s) => s.runDrafts);
  const setRunDraft = useApp((s) => s.setRunDraft);
  return (
    <FieldGroup title="Run">
      {(Object.keys(RUN_FIELDS) as RunFieldName[]).map((name) => (
        <FieldRow
          key={name}
          name={name}
          spec={RUN_FIELDS[name]}
          text={runDrafts[name]}
          error={runFieldProblem(name, runDrafts[name])}
          disabled={locked}
          showHelp={showHelp}
          onChange={(value) => setRunDraft(name, value)}
        />
      ))}
    </FieldGroup>
  );
}

/** A titled group of fields (a div with role=group: a fieldset's legend fights the divider). */
function FieldGroup(props: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field-group" role="group" aria-labelledby={id}>
      <h3 className="field-group-title" id={id}>
        {props.title}
      </h3>
      {props.children}
    </div>
  );
}

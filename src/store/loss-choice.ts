// Choosing a GAN loss in the form brings the loss's recommended settings (withLoss in
// src/ml/config.ts) and remembers which fields that changed, so the page can say so. Fields the
// choice does not touch keep their text as typed, half-typed values included.

import {
  DCGAN_FIELDS,
  presetConfig,
  withLoss,
  type DcganConfig,
  type FieldSpec,
  type GanLoss,
} from '../ml/config';
import { formatFieldValue, parseFieldText, type Drafts } from './drafts';

/** One field the choice changed, as the form shows it before and after. */
export interface SettingChange {
  readonly field: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/** The last loss chosen in the form and the settings it changed (empty: none). */
export interface LossChoice {
  readonly loss: GanLoss;
  readonly changes: readonly SettingChange[];
}

/** How a field's text reads to a person: a choice by its option's label. */
function shownText(spec: FieldSpec, text: string): string {
  if (spec.type !== 'choice') return text;
  return spec.options.find((o) => String(o.value) === text)?.label ?? text;
}

/**
 * The form after choosing `loss`: withLoss applied to what the form holds (a field whose text
 * does not parse counts as its preset value), and every field whose value that changed.
 */
export function chooseLoss(
  drafts: Drafts,
  datasetId: string,
  loss: GanLoss,
): { drafts: Drafts; choice: LossChoice } {
  const preset = presetConfig('dcgan', datasetId) as unknown as Record<string, unknown>;
  const current: Record<string, unknown> = { kind: 'dcgan' };
  for (const [key, spec] of Object.entries(DCGAN_FIELDS)) {
    const parsed = parseFieldText(spec, drafts[key] ?? '');
    current[key] = parsed.ok ? parsed.value : preset[key];
  }
  const before = current as unknown as DcganConfig;
  const after = withLoss(before, loss, datasetId) as unknown as Record<string, unknown>;
  const next: Record<string, string> = { ...drafts, loss };
  const changes: SettingChange[] = [];
  for (const [key, spec] of Object.entries(DCGAN_FIELDS)) {
    if (key === 'loss' || after[key] === current[key]) continue;
    const text = formatFieldValue(spec, after[key] as number | string);
    changes.push({
      field: key,
      label: spec.label,
      from: shownText(spec, drafts[key] ?? ''),
      to: shownText(spec, text),
    });
    next[key] = text;
  }
  return { drafts: next, choice: { loss, changes } };
}

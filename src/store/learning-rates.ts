// The form's learning-rate fields: the ones that stay open while a run goes on (the worker's
// setLearningRates changes them in the running model), and the form logic around them. Pure.

import type { LearningRates } from '../ml/train/types';
import type { Drafts } from './drafts';

export type LiveField = keyof LearningRates;

/** Keyed by LearningRates' own keys: a rate renamed or added there fails to compile here. */
const LIVE = { lrG: true, lrD: true, lr: true } as const satisfies Record<LiveField, true>;

export const LIVE_FIELDS = Object.keys(LIVE) as readonly LiveField[];

/** Fields that can change while a run goes on; all others need Reset. */
export function isLiveField(field: string): field is LiveField {
  return (LIVE_FIELDS as readonly string[]).includes(field);
}

/** Form text for some of the live fields. */
export type RateDrafts = Partial<Record<LiveField, string>>;

/** Half of every live rate the form holds as a number, as form text ("1e-4"). */
export function halvedRates(drafts: Drafts): RateDrafts {
  const out: RateDrafts = {};
  for (const key of LIVE_FIELDS) {
    const value = Number(drafts[key]);
    // toExponential() without an argument keeps every digit needed: the text reads back exactly.
    if (drafts[key] !== undefined && Number.isFinite(value)) out[key] = (value / 2).toExponential();
  }
  return out;
}

/**
 * The live rates `typed` holds that differ from `restored`: after a rollback the form shows the
 * restored run's setup, but rates lowered since (the banner suggests it) should apply to it too.
 */
export function retypedRates(typed: Drafts, restored: Drafts): RateDrafts {
  const out: RateDrafts = {};
  for (const key of LIVE_FIELDS) {
    const text = typed[key];
    if (text !== undefined && text !== restored[key]) out[key] = text;
  }
  return out;
}

/** The rates the text says, for the worker. */
export function ratesOf(texts: RateDrafts): LearningRates {
  const out: { -readonly [K in LiveField]?: number } = {};
  for (const key of LIVE_FIELDS) {
    const text = texts[key];
    if (text !== undefined) out[key] = Number(text);
  }
  return out;
}

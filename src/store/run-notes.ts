// What the page says when a weights file becomes the run: which run it loaded ("Loaded DCGAN on
// MNIST at step 1,200 from weights.json"), which run it replaced and where that one was kept, and
// which of the replaced run's sample grids still belong to the loaded one (a file exported
// earlier in the same run). Pure, so the wording and the matching are tested without a worker.

import type { DatasetInfo } from '../datasets/types';
import { isConditional } from '../ml/config';
import type { HistoryPoint, RunSpec } from '../ml/train/types';
import { LossLog, type ReadonlyLossLog } from './loss-log';
import { lossFingerprint } from './quality-history';
import type { Frame } from './timeline';

/** A run as the notes name it: its setup and how far it got. */
export interface RunAt {
  readonly spec: RunSpec;
  readonly step: number;
}

/** Where the replaced run was kept: saved in this browser at `step`, or not (`failed`). */
export type KeptRun = { readonly saved: true; readonly step: number } | { readonly saved: false };

const MODEL_NAMES: Record<RunSpec['model']['kind'], string> = { dcgan: 'DCGAN', vae: 'VAE' };

/** "VAE", or "class-conditional VAE": a swap between the two changes what the page offers. */
function modelName(spec: RunSpec): string {
  return `${isConditional(spec.model) ? 'class-conditional ' : ''}${MODEL_NAMES[spec.model.kind]}`;
}

function datasetName(id: string, datasets: readonly DatasetInfo[]): string {
  return datasets.find((d) => d.id === id)?.name ?? id;
}

const at = (step: number) => `step ${step.toLocaleString('en')}`;

/** "DCGAN on MNIST at step 1,200". */
export function loadedRunLabel(run: RunAt, datasets: readonly DatasetInfo[]): string {
  return `${modelName(run.spec)} on ${datasetName(run.spec.datasetId, datasets)} at ${at(run.step)}`;
}

/** "the MNIST DCGAN at step 85". */
export function currentRunLabel(run: RunAt, datasets: readonly DatasetInfo[]): string {
  return `the ${datasetName(run.spec.datasetId, datasets)} ${modelName(run.spec)} at ${at(run.step)}`;
}

/** The note after an import: what was loaded, and what it replaced (null: there was no run). */
export function importSentence(
  loaded: RunAt,
  fileName: string,
  replaced: { run: RunAt; kept: KeptRun | null } | null,
  datasets: readonly DatasetInfo[],
): string {
  const what = `${loadedRunLabel(loaded, datasets)} from ${fileName}`;
  if (replaced === null) return `Loaded ${what}.`;
  const head = `Replaced ${currentRunLabel(replaced.run, datasets)} with ${what}.`;
  const kept = replaced.kept;
  if (kept === null) return head; // nothing new since it was last saved or exported
  return kept.saved
    ? `${head} The replaced run is saved in this browser at ${at(kept.step)}.`
    : `${head} The replaced run could not be saved in this browser (see the note on storage).`;
}

/** The question before a file replaces a run with unsaved progress. */
export function replaceQuestion(run: RunAt, datasets: readonly DatasetInfo[]): string {
  return `Replace ${currentRunLabel(run, datasets)} with the weights file? The current run is saved in this browser first, under its own name.`;
}

/**
 * The grids of the replaced run that show the loaded one: only when both have the same setup
 * (seed included) and the replaced run logged exactly the losses the file records at its step,
 * i.e. the file was exported earlier in this very run. Grids after the file's step go.
 */
export function sameRunFrames(
  replaced: { spec: RunSpec | null; frames: readonly Frame[]; log: ReadonlyLossLog },
  loaded: { spec: RunSpec; step: number; history: readonly HistoryPoint[] },
): Frame[] {
  if (replaced.spec === null || !sameSpec(replaced.spec, loaded.spec)) return [];
  const fileLog = new LossLog();
  fileLog.load(loaded.history);
  const last = fileLog.steps[fileLog.steps.length - 1];
  if (last === undefined) return [];
  const was = lossFingerprint(replaced.log, last);
  const now = lossFingerprint(fileLog, last);
  if (was === null || now === null || !was.every((v, i) => Object.is(v, now[i]))) return [];
  return replaced.frames.filter((f) => f.step <= loaded.step);
}

/** Deep equality of plain data (key order does not matter: the form and a file order differently). */
function sameSpec(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => k in rb && sameSpec(ra[k], rb[k]));
}

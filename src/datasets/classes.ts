// Which classes a class-conditional model learns on a dataset: the labels of MNIST and
// Fashion-MNIST, the hair style of the faces, the subfolder names of an imported folder tree.
// A set whose labels make no useful classes (every flag is a class of one image; a custom set
// without class folders) carries the reason in `DatasetInfo.classNote`, and a conditional model
// is refused there with it.

import type { DatasetInfo } from './types';

/**
 * Fewest images a class of an imported set may have for a conditional model: with fewer, a
 * class's row of samples is the few images it has, memorized (the flags show this at one each).
 */
export const MIN_IMAGES_PER_CLASS = 10;

export type ClassesResult =
  | { readonly ok: true; readonly names: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** The classes a conditional model on `info` learns, or why it cannot learn any there. */
export function conditionalClasses(info: DatasetInfo): ClassesResult {
  const refuse = (why: string): ClassesResult => ({
    ok: false,
    message: `A class-conditional model cannot train on ${info.name}: ${why}`,
  });
  if (info.classNote !== undefined) return refuse(info.classNote);
  if (info.labelNames.length < 2) return refuse('its images have no classes.');
  return { ok: true, names: info.labelNames };
}

/** conditionalClasses, throwing the reason: for the places that build a conditional model. */
export function requireClasses(info: DatasetInfo): readonly string[] {
  const classes = conditionalClasses(info);
  if (!classes.ok) throw new Error(classes.message);
  return classes.names;
}

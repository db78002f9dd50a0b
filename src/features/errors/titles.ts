// The error banner's title: what happened, in a few words. The kind says it for the errors the
// banner offers a way out of; a plain message ('generic') is read for where it came from.

import type { AppError } from '../../store/session-slice';

const KIND_TITLES: Record<Exclude<AppError['kind'], 'generic'>, string> = {
  diverged: 'Training diverged',
  backend: 'The backend stopped working',
  crashed: 'The training worker stopped',
  stalled: 'The training worker is not answering',
  switched: 'Training moved to another backend',
};

/** Messages from known places, first match wins. */
const MESSAGE_TITLES: readonly (readonly [RegExp, string])[] = [
  [/^Training stopped at step/, 'Training stopped'],
  [/was saved, but/, 'The weights file is too large to import again'],
  [/weights file|\.json\b|import/i, 'The weights file could not be loaded'],
  [/\bimages?\b|\bzip\b|dataset/i, 'Your images could not be added'],
  [/\bGIF\b|\bPNG\b/, 'The download could not be made'],
];

export function titleOf(error: AppError): string {
  if (error.title !== undefined) return error.title;
  if (error.kind !== 'generic') return KIND_TITLES[error.kind];
  for (const [pattern, title] of MESSAGE_TITLES) if (pattern.test(error.message)) return title;
  return 'That did not work';
}

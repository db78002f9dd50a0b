// Classes of an imported folder tree: each image's class is the folder that holds it
// ("animals/cats/1.png" is a cat; inside a zip the zip's name is the root, not a folder). The
// set gets classes only when every image sits in a class folder and there are two folders or
// more; otherwise it keeps the one label 'image' and a note saying what a conditional model
// would need.

import { MIN_IMAGES_PER_CLASS } from '../classes';

export interface FolderClasses {
  /** Class names, sorted; labels index into them. */
  readonly names: readonly string[];
  /** Class per image, in the order of the paths. */
  readonly labels: Uint16Array;
  /** Why a conditional model cannot train on these classes; null when it can. */
  readonly note: string | null;
}

/** The folder directly holding the file at `path`, or null at the root of a drop or a zip. */
export function classFolder(path: string): string | null {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length < 2) return null;
  const folder = parts[parts.length - 2];
  return /\.zip$/i.test(folder) ? null : folder;
}

/** At most this many names or paths in a note. */
const LISTED = 3;

function listed(items: readonly string[]): string {
  const more = items.length > LISTED ? ` and ${items.length - LISTED} more` : '';
  return items.slice(0, LISTED).join(', ') + more;
}

/** The classes of the imported images, given the path each one came from. */
export function folderClasses(paths: readonly string[]): FolderClasses {
  const folders = paths.map(classFolder);
  const names = [...new Set(folders.filter((f): f is string => f !== null))].sort();
  const single = (note: string): FolderClasses => ({
    names: ['image'],
    labels: new Uint16Array(paths.length),
    note,
  });
  const loose = paths.filter((_, i) => folders[i] === null);
  if (names.length === 0) {
    return single(
      'the images are not in subfolders. Put each class in a folder of its own (cats/, dogs/) and import the folder that holds them.',
    );
  }
  if (loose.length > 0) {
    return single(
      `${loose.length} image${loose.length === 1 ? ' is' : 's are'} outside the class folders (${listed(loose)}). Put every image in its class's folder.`,
    );
  }
  if (names.length === 1) {
    return single(
      `every image is in the one folder ${names[0]}: a conditional model needs two classes or more, each in a subfolder of its own.`,
    );
  }
  const labels = Uint16Array.from(folders, (f) => names.indexOf(f as string));
  const counts = names.map((_, c) => labels.filter((l) => l === c).length);
  const small = names.filter((_, c) => counts[c] < MIN_IMAGES_PER_CLASS);
  const note =
    small.length === 0
      ? null
      : `a class needs at least ${MIN_IMAGES_PER_CLASS} images, and ${listed(small.map((n) => `${n} has ${counts[names.indexOf(n)]}`))}.`;
  return { names, labels, note };
}

/**
 * For the import summary: "3 classes from the folder names: birds, cats, dogs.", and what a
 * conditional model lacks there. Empty without class folders: most imports have none, and the
 * note is said when a conditional model is asked for.
 */
export function classesSummary(classes: FolderClasses): string {
  if (classes.names.length < 2) return '';
  const head = `${classes.names.length} classes from the folder names: ${listed(classes.names)}.`;
  return classes.note === null
    ? head
    : `${head} Not enough for a conditional model: ${classes.note}`;
}

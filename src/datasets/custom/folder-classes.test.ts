import { describe, expect, it } from 'vitest';
import { conditionalClasses, MIN_IMAGES_PER_CLASS } from '../classes';
import { buildCustomDataset } from './build';
import { classFolder, classesSummary, folderClasses } from './folder-classes';
import { fromStored, toStored } from './storage';

const paths = (folder: string, n: number) =>
  Array.from({ length: n }, (_, k) => `${folder}/${k}.png`);
const SHAPE = { height: 1, width: 1, channels: 1 } as const;

/** A built set whose image i has pixel value i, so labels can be checked per image. */
function built(files: string[]) {
  const images = files.map((_, i) => Uint8Array.of(i));
  return buildCustomDataset(
    { id: 'custom-x-1', name: 'X', shape: SHAPE },
    images,
    1,
    folderClasses(files),
  );
}

describe('folder classes', () => {
  it('takes the folder holding each image, the root of a zip being no folder', () => {
    expect(classFolder('animals/cats/1.png')).toBe('cats');
    expect(classFolder('pets.zip/dogs/2.png')).toBe('dogs');
    expect(classFolder('pets.zip/2.png')).toBeNull();
    expect(classFolder('2.png')).toBeNull();
  });

  it('labels every image by its folder, sorted by name, through the split and storage', () => {
    const files = [...paths('drop/dogs', 12), ...paths('drop/cats', 11)];
    const classes = folderClasses(files);
    expect(classes.names).toEqual(['cats', 'dogs']);
    expect(classes.note).toBeNull();
    expect(classesSummary(classes)).toBe('2 classes from the folder names: cats, dogs.');
    const data = built(files);
    expect(conditionalClasses(data.info)).toEqual({ ok: true, names: ['cats', 'dogs'] });
    const back = fromStored(toStored(data, 0));
    for (const split of [back.train, back.test]) {
      split.labels.forEach((label, k) => expect(label).toBe(split.images[k] < 12 ? 1 : 0));
    }
    expect(back.train.count + back.test.count).toBe(23);
  });

  it.each([
    [paths('drop', 20).map((p) => p.replace('drop/', '')), /not in subfolders/],
    [paths('drop/cats', 20), /the one folder cats/],
    [
      [...paths('drop/cats', 20), ...paths('drop/dogs', 20), 'drop.zip/x.png'],
      /1 image is outside the class folders \(drop.zip\/x.png\)/,
    ],
    [
      [...paths('d/cats', 20), ...paths('d/dogs', MIN_IMAGES_PER_CLASS - 1)],
      new RegExp(
        `at least ${MIN_IMAGES_PER_CLASS} images, and dogs has ${MIN_IMAGES_PER_CLASS - 1}`,
      ),
    ],
  ])('refuses a conditional model with a reason: %#', (files, reason) => {
    const result = conditionalClasses(built(files).info);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(reason);
    expect(
      result.ok || result.message.startsWith('A class-conditional model cannot train on X:'),
    ).toBe(true);
  });

  it('keeps sets without class folders as they were: one label, nothing stored for it', () => {
    const data = built(paths('drop', 4));
    expect(data.info.labelNames).toEqual(['image']);
    expect(toStored(data, 0).trainLabels).toBeUndefined();
    expect(classesSummary(folderClasses(paths('drop', 4)))).toBe('');
  });
});

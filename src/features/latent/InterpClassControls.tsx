// A conditional model's interpolation controls: the class of each end (a test image keeps its
// own label) and what changes from A to B: the noise and the class together, or only the class
// at A's noise.

import { useId } from 'react';
import { ClassSelect } from './ClassSelect';
import type { Walk } from './interp-path';

export function InterpClassControls(props: {
  names: readonly string[];
  classes: readonly [number, number];
  onClasses: (classes: [number, number]) => void;
  /** The ends are test images, drawn as their own labels. */
  fromLabels: boolean;
  walk: Walk;
  onWalk: (walk: Walk) => void;
}) {
  const { names, classes, onClasses, fromLabels, walk, onWalk } = props;
  const group = useId();
  const labelsNote = fromLabels ? 'A test image is drawn as its own label' : undefined;
  return (
    <div className="latent-row" data-testid="interp-classes">
      <ClassSelect
        names={names}
        value={classes[0]}
        onChange={(c) => onClasses([c, classes[1]])}
        label="Class of A"
        testId="interp-class-a"
        disabled={fromLabels}
        title={labelsNote}
      />
      <ClassSelect
        names={names}
        value={classes[1]}
        onChange={(c) => onClasses([classes[0], c])}
        label="Class of B"
        testId="interp-class-b"
        disabled={fromLabels}
        title={labelsNote}
      />
      <div className="latent-tabs" role="radiogroup" aria-label="What changes from A to B">
        <label>
          <input
            type="radio"
            name={group}
            data-testid="interp-walk-noise"
            checked={walk === 'noise'}
            onChange={() => onWalk('noise')}
          />
          Noise and class
        </label>
        <label title="A's noise stays, so its style stays while the class blends from A's to B's">
          <input
            type="radio"
            name={group}
            data-testid="interp-walk-class"
            checked={walk === 'class'}
            onChange={() => onWalk('class')}
          />
          Only the class (A's noise)
        </label>
      </div>
    </div>
  );
}

// Under the loss field, after a choice that changed other settings: which ones, from what to
// what (a loss brings its recommended settings, see withLoss in src/ml/config.ts). The changed
// fields are marked in the form until the note is dismissed or the form is reset.

import { DismissibleNote } from '../../components/DismissibleNote';
import { fieldsFor } from '../../ml/config';
import { useApp } from '../../store/context';

export function LossChoiceNote() {
  const choice = useApp((s) => s.lossChoice);
  const dismiss = useApp((s) => s.dismissLossChoice);
  if (choice === null || choice.changes.length === 0) return null;
  const spec = fieldsFor('dcgan').loss;
  const name =
    spec.type === 'choice'
      ? (spec.options.find((o) => o.value === choice.loss)?.label ?? choice.loss)
      : choice.loss;
  return (
    <DismissibleNote
      className="loss-choice-note"
      bodyClassName="loss-choice-body"
      testId="loss-choice-note"
      onDismiss={dismiss}
    >
      <p>
        <strong>{name}</strong> brought its recommended settings:
      </p>
      <ul>
        {choice.changes.map((c) => (
          <li key={c.field} data-testid={`loss-choice-${c.field}`}>
            {c.label}: {c.from} &rarr; {c.to}
          </li>
        ))}
      </ul>
    </DismissibleNote>
  );
}

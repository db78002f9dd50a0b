// Under the loss field, after a choice that changed other settings: which ones, from what to
// what (a loss brings its recommended settings, see withLoss in src/ml/config.ts). The changed
// fields are marked in the form until the note is dismissed or the form is reset.

import { CloseIcon } from '../../components/icons';
import { fieldsFor } from '../../ml/config';
import { useApp } from '../../store/context';
import '../../components/components.css';

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
    <div className="note loss-choice-note" role="status" data-testid="loss-choice-note">
      <div className="loss-choice-body">
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
      </div>
      <button
        type="button"
        className="btn btn-quiet btn-icon btn-sm"
        onClick={dismiss}
        aria-label="Dismiss note"
        data-testid="loss-choice-dismiss"
      >
        <CloseIcon />
      </button>
    </div>
  );
}

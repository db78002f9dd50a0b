// One labelled setting: its input (text for numbers, so "2e-4" and half-typed values stay
// visible), its short explanation (shown on request, always the input's description and the
// label's tooltip), the chosen option's hint for a choice whose options have one (always shown),
// and the schema's message when the value is refused.

import { useId } from 'react';
import type { FieldSpec } from '../../ml/config';

export function FieldRow(props: {
  name: string;
  spec: FieldSpec;
  text: string;
  error: string | null;
  disabled: boolean;
  /** Show the explanation under the field (it stays the input's description either way). */
  showHelp: boolean;
  /** Shown after the help text, and on its own when the help is hidden (e.g. "applies immediately"). */
  note?: string;
  /** Marks the field as just changed by another choice (a loss's recommended settings). */
  changed?: boolean;
  onChange: (text: string) => void;
  onCommit?: () => void;
}) {
  const { name, spec, text, error, disabled } = props;
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const hint =
    spec.type === 'choice' ? spec.options.find((o) => String(o.value) === text)?.hint : undefined;
  const describedBy = [error === null ? null : errorId, hint === undefined ? null : hintId, helpId]
    .filter((part) => part !== null)
    .join(' ');
  const classes = ['field'];
  if (spec.type === 'choice') classes.push('field-choice');
  if (spec.type === 'bool') classes.push('field-toggle');
  if (error !== null) classes.push('has-error');
  if (props.changed === true) classes.push('field-changed');
  return (
    <div className={classes.join(' ')} data-field={name} data-changed={props.changed === true}>
      <label htmlFor={id} className="field-label" title={spec.help}>
        {spec.label}
      </label>
      {spec.type === 'bool' ? (
        // A toggle's text is "true" or "false" (drafts.ts reads it back).
        <input
          id={id}
          className="field-control"
          type="checkbox"
          checked={text === 'true'}
          disabled={disabled}
          aria-describedby={describedBy}
          data-testid={`field-${name}`}
          onChange={(e) => {
            props.onChange(String(e.target.checked));
            props.onCommit?.();
          }}
        />
      ) : spec.type === 'choice' ? (
        <select
          id={id}
          className="select field-control"
          value={text}
          disabled={disabled}
          aria-describedby={describedBy}
          data-testid={`field-${name}`}
          onChange={(e) => props.onChange(e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className="input field-control"
          type="text"
          inputMode={spec.type === 'int' ? 'numeric' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          value={text}
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={describedBy}
          data-testid={`field-${name}`}
          onChange={(e) => props.onChange(e.target.value)}
          onBlur={props.onCommit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') props.onCommit?.();
          }}
        />
      )}
      {hint !== undefined && (
        <p className="field-hint" id={hintId} data-testid={`field-hint-${name}`}>
          {hint}
        </p>
      )}
      {error !== null && (
        <p className="field-error" id={errorId} data-testid={`field-error-${name}`}>
          {error}
        </p>
      )}
      <p className="field-help" id={helpId} hidden={!props.showHelp}>
        {spec.help}
        {props.note !== undefined && <span className="field-note"> {props.note}</span>}
      </p>
      {!props.showHelp && props.note !== undefined && (
        <p className="field-help field-note" aria-hidden="true">
          {props.note}
        </p>
      )}
    </div>
  );
}

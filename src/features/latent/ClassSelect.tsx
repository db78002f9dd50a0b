// A conditional model's class, picked by name: the sliders' class, or an end of an interpolation.

import { useId } from 'react';

export function ClassSelect(props: {
  names: readonly string[];
  value: number;
  onChange: (index: number) => void;
  label: string;
  testId: string;
  disabled?: boolean;
  title?: string;
}) {
  const id = useId();
  return (
    <label className="latent-class" htmlFor={id} title={props.title}>
      <span className="latent-class-name">{props.label}</span>
      <select
        id={id}
        className="select"
        data-testid={props.testId}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(Number(e.target.value))}
      >
        {props.names.map((name, i) => (
          <option key={i} value={i}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

// One measurement in the quality panel: a title, the latest value on the right, and a fixed-height
// body (a chart, bars or pictures), or a note until the first measurement.

import type { ReactNode } from 'react';

export function Tile(props: {
  title: string;
  /** Short text after the title (what the number means, e.g. "lower is better"). */
  hint?: string;
  value?: ReactNode;
  testId: string;
  /** Shown instead of the body before the first measurement. */
  empty: string | null;
  className?: string;
  data?: Readonly<Record<string, string>>;
  children?: ReactNode;
}) {
  const dataAttrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(props.data ?? {})) dataAttrs[`data-${k}`] = v;
  return (
    <figure
      className={`quality-tile${props.className ? ` ${props.className}` : ''}`}
      data-testid={props.testId}
      data-empty={props.empty !== null ? 'true' : 'false'}
      {...dataAttrs}
    >
      <figcaption className="quality-tile-head">
        <span className="quality-tile-title">
          {props.title}
          {props.hint !== undefined && <span className="quality-tile-hint"> · {props.hint}</span>}
        </span>
        {props.value !== undefined && <span className="quality-tile-value num">{props.value}</span>}
      </figcaption>
      <div className="quality-tile-body">
        {props.empty !== null ? <div className="quality-empty">{props.empty}</div> : props.children}
      </div>
    </figure>
  );
}

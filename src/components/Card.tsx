// The one section frame every panel uses: a titled card with optional actions on the right.

import { useId, type ReactNode } from 'react';

export function Card(props: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  /** data-testid for the section. */
  testId?: string;
}) {
  const id = useId();
  return (
    <section
      className={`card${props.className ? ` ${props.className}` : ''}`}
      aria-labelledby={id}
      data-testid={props.testId}
    >
      <header className="card-head">
        <div>
          <h2 className="card-title" id={id}>
            {props.title}
          </h2>
          {props.subtitle !== undefined && <p className="card-subtitle">{props.subtitle}</p>}
        </div>
        {props.actions !== undefined && <div className="card-actions">{props.actions}</div>}
      </header>
      <div className="card-body">{props.children}</div>
    </section>
  );
}

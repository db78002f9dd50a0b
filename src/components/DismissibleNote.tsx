// A note the person can close: an optional icon, what happened, and a close button. For what the
// page did on the person's behalf (a link's ignored settings, a loss's recommended settings),
// which needs saying once and then getting out of the way.

import type { ReactNode } from 'react';
import { CloseIcon } from './icons';
import './components.css';

export function DismissibleNote(props: {
  /** Extra classes beside `note` (a tone such as `note-warning`, and the place's own class). */
  readonly className: string;
  readonly bodyClassName: string;
  /** The note's test id; its close button's is `<testId>-dismiss`. */
  readonly testId: string;
  readonly icon?: ReactNode;
  readonly onDismiss: () => void;
  readonly children: ReactNode;
}) {
  return (
    <div className={`note ${props.className}`} role="status" data-testid={props.testId}>
      {props.icon}
      <div className={props.bodyClassName}>{props.children}</div>
      <button
        type="button"
        className="btn btn-quiet btn-icon btn-sm"
        onClick={props.onDismiss}
        aria-label="Dismiss note"
        data-testid={`${props.testId}-dismiss`}
      >
        <CloseIcon />
      </button>
    </div>
  );
}

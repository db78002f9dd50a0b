// A note when the page was opened from a link with values it could not use: each key, the
// value as written and why it was ignored, and what the page uses instead. The page stays
// usable with those fallbacks, so this is a note, not the error banner.

import { AlertIcon, CloseIcon } from '../../components/icons';
import { useApp } from '../../store/context';
import { describeIgnored } from '../../store/url-params';
import '../../components/components.css';
import './link-note.css';

export function LinkNote() {
  const ignored = useApp((s) => s.linkIgnored);
  const dismiss = useApp((s) => s.dismissLinkIgnored);
  if (ignored.length === 0) return null;
  return (
    <div className="note note-warning link-note" role="status" data-testid="link-note">
      <AlertIcon />
      <div className="link-note-body">
        <p>
          <strong>Some of the link&rsquo;s settings were ignored</strong>; the form shows the
          defaults used instead.
        </p>
        <ul>
          {ignored.map((p) => (
            <li key={p.key} data-testid={`link-ignored-${p.key}`}>
              {describeIgnored(p)}
            </li>
          ))}
        </ul>
      </div>
      <button
        type="button"
        className="btn btn-quiet btn-icon btn-sm"
        onClick={dismiss}
        aria-label="Dismiss note"
        data-testid="link-note-dismiss"
      >
        <CloseIcon />
      </button>
    </div>
  );
}

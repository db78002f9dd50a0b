// A note when the page was opened from a link with values it could not use: each key, the
// value as written and why it was ignored, and what the page uses instead. The page stays
// usable with those fallbacks, so this is a note, not the error banner.

import { DismissibleNote } from '../../components/DismissibleNote';
import { AlertIcon } from '../../components/icons';
import { useApp } from '../../store/context';
import { describeIgnored } from '../../store/url-params';
import './link-note.css';

export function LinkNote() {
  const ignored = useApp((s) => s.linkIgnored);
  const dismiss = useApp((s) => s.dismissLinkIgnored);
  if (ignored.length === 0) return null;
  return (
    <DismissibleNote
      className="note-warning link-note"
      bodyClassName="link-note-body"
      testId="link-note"
      icon={<AlertIcon />}
      onDismiss={dismiss}
    >
      <p>
        <strong>Some of the link&rsquo;s settings were ignored</strong>; the form shows the defaults
        used instead.
      </p>
      <ul>
        {ignored.map((p) => (
          <li key={p.key} data-testid={`link-ignored-${p.key}`}>
            {describeIgnored(p)}
          </li>
        ))}
      </ul>
    </DismissibleNote>
  );
}

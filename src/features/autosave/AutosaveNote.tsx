// A quiet note when autosave cannot do its whole job: the browser ran out of room (older
// checkpoints were deleted, or the newest did not fit and autosave is paused) or refuses storage
// altogether. Training goes on either way, so this is not the error banner.

import { AlertIcon } from '../../components/icons';
import type { AutosaveTrouble } from '../../store/checkpoint-slice';
import { useApp } from '../../store/context';
import '../../components/components.css';

export function AutosaveNote() {
  const trouble = useApp((s) => s.autosave);
  if (trouble === null) return null;
  const { title, text } = wording(trouble);
  return (
    <div
      className="note note-warning autosave-note"
      role="status"
      data-testid="autosave-note"
      data-state={trouble.state}
      title={trouble.detail || undefined}
    >
      <AlertIcon />
      <p>
        <strong>{title}</strong> {text}
      </p>
    </div>
  );
}

function wording(t: AutosaveTrouble): { title: string; text: string } {
  const at =
    t.saved === null ? null : `epoch ${t.saved.epoch} (step ${t.saved.step.toLocaleString('en')})`;
  const removed = `${t.prunedCount} older checkpoint${t.prunedCount === 1 ? ' was' : 's were'} removed to make room`;
  // Storage is shared with every run this browser keeps: the list lets a person free it.
  const makeRoom = 'Delete runs you no longer need under Saved runs to make room.';
  switch (t.state) {
    case 'pruned':
      return {
        title: 'Browser storage is full:',
        text: `${removed}; the newest, ${at ?? 'this run'}, is saved. ${makeRoom}`,
      };
    case 'paused':
      return {
        title: t.quota ? 'Browser storage is full:' : 'The browser refused to save:',
        text:
          (at === null
            ? 'autosave is paused and nothing of this run is saved yet. Export the weights to keep them.'
            : `autosave paused at ${at}. Export the weights to keep what came after.`) +
          (t.quota ? ` ${makeRoom}` : ''),
      };
    default:
      return {
        title: 'Autosave is off:',
        text: 'this browser does not let the page store anything (a private window?). Export the weights to keep them.',
      };
  }
}

// The question before a weights file replaces a run with unsaved progress: a modal <dialog> in
// the page (Escape or Cancel keeps the run; the run keeps training meanwhile).

import { useEffect, useId, useRef } from 'react';
import { useApp } from '../../store/context';
import { replaceQuestion } from '../../store/run-notes';

export function ReplaceDialog(props: {
  question: string;
  fileName: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // The run trains on while the question is open: name the step it has reached now.
  const spec = useApp((s) => s.runSpec);
  const step = useApp((s) => s.step);
  const datasets = useApp((s) => s.datasets);
  const question = spec === null ? props.question : replaceQuestion({ spec, step }, datasets);

  // Modal from mount to unmount: the parent renders the dialog only while the question is open.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="replace-dialog"
      aria-labelledby={titleId}
      data-testid="replace-dialog"
      onCancel={(e) => {
        // Escape closes a modal dialog by itself: let the parent do it, as a Cancel.
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId} className="replace-dialog-title">
        Load {props.fileName}?
      </h2>
      <p className="replace-dialog-text">{question}</p>
      <div className="replace-dialog-actions">
        <button
          type="button"
          className="btn"
          onClick={props.onCancel}
          data-testid="replace-cancel"
          autoFocus
        >
          Keep the current run
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={props.onConfirm}
          data-testid="replace-confirm"
        >
          Save it and load the file
        </button>
      </div>
    </dialog>
  );
}

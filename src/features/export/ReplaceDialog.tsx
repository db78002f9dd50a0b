// The question before a weights file replaces a run with unsaved progress: a modal <dialog> in
// the page (Escape or Cancel keeps the run; the run keeps training meanwhile).

import { useEffect, useId, useRef } from 'react';

export function ReplaceDialog(props: {
  question: string;
  fileName: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

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
      <p className="replace-dialog-text">{props.question}</p>
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

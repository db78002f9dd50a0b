// The note after an import: what was loaded ("Loaded DCGAN on MNIST digits at step 1,200 from
// weights.json") and, if a run was replaced, what it was and where it was kept. Stays until
// dismissed or until the next import replaces it.

import { CloseIcon, UploadIcon } from '../../components/icons';
import { useApp } from '../../store/context';
import '../../components/components.css';
import './export.css';

export function ImportNotice() {
  const notice = useApp((s) => s.notice);
  const setNotice = useApp((s) => s.setNotice);
  if (notice === null) return null;
  return (
    <div className="note note-success import-notice" role="status" data-testid="import-notice">
      <UploadIcon />
      <p>{notice}</p>
      <button
        type="button"
        className="btn btn-quiet btn-icon btn-sm"
        onClick={() => setNotice(null)}
        aria-label="Dismiss note"
        data-testid="import-notice-dismiss"
      >
        <CloseIcon />
      </button>
    </div>
  );
}

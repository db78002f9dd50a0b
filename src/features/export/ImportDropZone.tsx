// Drag a weights file anywhere onto the page to import it. Panels with their own drop targets
// (custom datasets) handle their drops first; what they leave reaches this.

import { useEffect, useRef, useState } from 'react';
import { UploadIcon } from '../../components/icons';
import { useApp } from '../../store/context';
import { useWeightsImport } from './use-weights-import';

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer !== null && [...e.dataTransfer.types].includes('Files');
}

export function ImportDropZone() {
  const showError = useApp((s) => s.showError);
  const { importFile, dialog } = useWeightsImport();
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const overHandler = (e: DragEvent) => {
      // Without this the browser opens the dropped file and the page is gone.
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      depth.current = 0;
      setOver(false);
      if (!hasFiles(e)) return;
      const handled = e.defaultPrevented;
      e.preventDefault();
      if (handled) return;
      const file = e.dataTransfer?.files[0];
      if (file === undefined) return;
      if (!/\.json$/i.test(file.name) && file.type !== 'application/json') {
        showError(
          `${file.name} is not a weights file (.json). To train on your own images, use the custom dataset panel.`,
        );
        return;
      }
      void importFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('drop', drop);
    };
  }, [importFile, showError]);

  return (
    <>
      {dialog}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <UploadIcon />
            <p>Drop a weights file to import it</p>
            <p className="hint">The current run is kept if the file cannot be read.</p>
          </div>
        </div>
      )}
    </>
  );
}

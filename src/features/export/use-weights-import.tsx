// Importing a weights file the way both the file picker and a drop onto the page do it: refused
// by its size before it is read; when it would replace a run with progress not yet saved or
// exported, a question first (in the page, so the run keeps training while it is open); then the
// import, whose note says what was loaded and what it replaced.

import { useCallback, useState, type ReactNode } from 'react';
import { WEIGHTS_FORMAT_ID } from '../../ml/weights/format';
import { useApp, useController } from '../../store/context';
import { ReplaceDialog } from './ReplaceDialog';
import { weightsFileTooLarge } from './weights-file-size';

/** How far into a file its format field is looked for (written first by this app). */
const SNIFF_BYTES = 4096;

/**
 * Whether the file names this app's format near its start. Files that do not go straight to the
 * worker, which refuses them with its reason and leaves the run as it was: no question is needed
 * for a file that cannot replace anything.
 */
async function looksLikeWeights(file: Blob): Promise<boolean> {
  const head = await file.slice(0, SNIFF_BYTES).text();
  return head.includes(`"${WEIGHTS_FORMAT_ID}"`);
}

export interface WeightsImport {
  /** Imports `file` (asking first if a run would lose progress). */
  importFile(file: File): Promise<void>;
  /** The question, while it is open; render it somewhere in the component. */
  readonly dialog: ReactNode;
}

export function useWeightsImport(): WeightsImport {
  const controller = useController();
  const showError = useApp((s) => s.showError);
  const [pending, setPending] = useState<{ file: File; question: string } | null>(null);

  // Stable across renders: the drop zone registers its window listeners once.
  const importNow = useCallback(
    async (file: File) => controller.importWeights(await file.arrayBuffer(), file.name),
    [controller],
  );
  const importFile = useCallback(
    async (file: File) => {
      const tooLarge = weightsFileTooLarge(file);
      if (tooLarge !== null) {
        showError(tooLarge);
        return;
      }
      const question = (await looksLikeWeights(file)) ? controller.replaceQuestion() : null;
      if (question === null) await importNow(file);
      else setPending({ file, question });
    },
    [controller, importNow, showError],
  );

  const dialog =
    pending === null ? null : (
      <ReplaceDialog
        question={pending.question}
        fileName={pending.file.name}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          setPending(null);
          void importNow(pending.file);
        }}
      />
    );
  return { importFile, dialog };
}

// Getting a model out and back in: the weights JSON (download and import), the tfjs Layers
// models and a PyTorch script for the run.

import { useId, useState, type ChangeEvent } from 'react';
import { Card } from '../../components/Card';
import { saveFile } from '../../components/download';
import { DownloadIcon, UploadIcon } from '../../components/icons';
import { useApp, useController } from '../../store/context';
import { configFromDrafts } from '../../store/drafts';
import { hasRun, isBusy } from '../../store/run-slice';
import { useWeightsImport } from './use-weights-import';
import { exportTooLargeToImport } from './weights-file-size';
import './export.css';

export function WeightsPanel() {
  const controller = useController();
  const inputId = useId();
  const runPhase = useApp((s) => s.runPhase);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const showError = useApp((s) => s.showError);
  const formValid = useApp((s) => configFromDrafts(s.modelKind, s.drafts) !== null);
  const [working, setWorking] = useState<string | null>(null);
  const [withAdam, setWithAdam] = useState(true);
  const weightsImport = useWeightsImport();
  const adamId = useId();
  const exists = hasRun(runPhase);
  const canExport = exists && !isBusy(runPhase) && working === null;
  const canImport = ready && !['loading', 'creating', 'pausing'].includes(runPhase);

  const run = (label: string, action: () => Promise<void>) => async () => {
    setWorking(label);
    try {
      await action();
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
    } finally {
      setWorking(null);
    }
  };

  const exportJson = run('weights', async () => {
    const { bytes, fileName } = await controller.exportWeights({ includeOptimizer: withAdam });
    saveFile(bytes, fileName, 'application/json');
    const tooLarge = exportTooLargeToImport(fileName, bytes.byteLength, withAdam);
    if (tooLarge !== null) showError(tooLarge);
  });
  const exportLayers = run('layers', async () => {
    const file = await controller.exportLayers();
    saveFile(file.bytes, file.fileName, file.type);
  });
  const exportPytorch = run('pytorch', async () => {
    const file = controller.pytorchScript();
    saveFile(file.bytes, file.fileName, file.type);
  });

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again should import again
    if (file === undefined) return;
    await weightsImport.importFile(file);
  };

  return (
    <Card
      title="Weights"
      className="weights-card"
      subtitle="Save the model, load it again, take it elsewhere"
    >
      <div className="weights-grid">
        <button
          type="button"
          className="btn"
          data-testid="export-weights"
          disabled={!canExport}
          onClick={() => void exportJson()}
          title="The weights JSON: import it here later, continue on the command line or in PyTorch"
        >
          <DownloadIcon />
          {working === 'weights' ? 'Exporting…' : 'Export weights'}
        </button>
        <label
          htmlFor={inputId}
          className={`btn file-button${canImport ? '' : ' is-disabled'}`}
          aria-disabled={!canImport}
        >
          <UploadIcon />
          Import weights
          <input
            id={inputId}
            type="file"
            accept=".json,application/json"
            data-testid="import-weights"
            disabled={!canImport}
            onChange={(e) => void upload(e)}
          />
        </label>
        <button
          type="button"
          className="btn"
          data-testid="export-layers"
          disabled={!canExport}
          onClick={() => void exportLayers()}
          title="model.json + weights for tf.loadLayersModel, zipped"
        >
          <DownloadIcon />
          {working === 'layers' ? 'Exporting…' : 'tfjs Layers'}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="export-pytorch"
          disabled={!(exists || formValid) || working !== null}
          onClick={() => void exportPytorch()}
          title="A PyTorch script that rebuilds this model and reads the weights JSON"
        >
          <DownloadIcon />
          PyTorch script
        </button>
      </div>
      <label htmlFor={adamId} className="weights-option">
        <input
          id={adamId}
          type="checkbox"
          checked={withAdam}
          onChange={(e) => setWithAdam(e.target.checked)}
          data-testid="export-with-optimizer"
        />
        <span>
          Include Adam&rsquo;s state in the weights file: about 3&times; larger, and training
          continues exactly where it stopped.
        </span>
      </label>
      <p className="hint weights-hint">Or drop a weights .json file anywhere on the page.</p>
      {weightsImport.dialog}
    </Card>
  );
}

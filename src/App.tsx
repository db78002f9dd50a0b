// The page: a header, a sidebar with what to train and how (data, model, hyperparameters,
// weights, the run buttons), and the results (status, samples over time, loss curves), with
// room below for the latent explorer and custom datasets. Every part reads the store itself.

import { AutosaveNote } from './features/autosave/AutosaveNote';
import { RunControls } from './features/controls/RunControls';
import { DatasetPanel } from './features/dataset/DatasetPanel';
import { ErrorBanner } from './features/errors/ErrorBanner';
import { ImportDropZone } from './features/export/ImportDropZone';
import { WeightsPanel } from './features/export/WeightsPanel';
import { AppHeader } from './features/header/AppHeader';
import { HyperparamPanel } from './features/hyperparams/HyperparamPanel';
import { LossCharts } from './features/charts/LossCharts';
import { ModelPanel } from './features/model/ModelPanel';
import { QualityPanel } from './features/quality/QualityPanel';
import { SamplesPanel } from './features/samples/SamplesPanel';
import { CustomDatasetSlot, LatentSlot } from './features/slots/OptionalPanels';
import { StatusBar } from './features/status/StatusBar';

export function App() {
  return (
    <div className="app">
      <AppHeader />
      <div className="workspace">
        <aside className="sidebar" aria-label="Setup">
          <DatasetPanel />
          <ModelPanel />
          <HyperparamPanel />
          <WeightsPanel />
          <RunControls />
        </aside>
        <main className="main">
          <ErrorBanner />
          <AutosaveNote />
          <StatusBar />
          <div className="results">
            <SamplesPanel />
            <LossCharts />
          </div>
          <QualityPanel />
          <LatentSlot />
          <CustomDatasetSlot />
        </main>
      </div>
      <ImportDropZone />
    </div>
  );
}

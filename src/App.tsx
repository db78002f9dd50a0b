// The page: a header, a sidebar with what to train and how (data, model, hyperparameters,
// weights, the run buttons), and the results: status, then two tabs, one with samples over
// time, loss curves and quality, one with the latent explorer; custom datasets below. Every
// part reads the store itself.

import { AutosaveNote } from './features/autosave/AutosaveNote';
import { RunControls } from './features/controls/RunControls';
import { DatasetPanel } from './features/dataset/DatasetPanel';
import { ErrorBanner } from './features/errors/ErrorBanner';
import { ImportDropZone } from './features/export/ImportDropZone';
import { ImportNotice } from './features/export/ImportNotice';
import { WeightsPanel } from './features/export/WeightsPanel';
import { AppHeader } from './features/header/AppHeader';
import { HyperparamPanel } from './features/hyperparams/HyperparamPanel';
import { LinkNote } from './features/hyperparams/LinkNote';
import { LossCharts } from './features/charts/LossCharts';
import { ModelPanel } from './features/model/ModelPanel';
import { QualityPanel } from './features/quality/QualityPanel';
import { SamplesPanel } from './features/samples/SamplesPanel';
import { CustomDatasetSlot, LatentSlot } from './features/slots/OptionalPanels';
import { SavedRunsCard } from './features/saved-runs/SavedRunsCard';
import { ResultTabs, type ResultTab } from './features/slots/ResultTabs';
import { StatusBar } from './features/status/StatusBar';

const TABS: readonly ResultTab[] = [
  {
    id: 'samples',
    label: 'Samples & losses',
    content: (
      <>
        <div className="results">
          <SamplesPanel />
          <LossCharts />
        </div>
        <QualityPanel />
      </>
    ),
  },
  { id: 'explore', label: 'Explore latent space', content: <LatentSlot /> },
];

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
          <SavedRunsCard />
          <RunControls />
        </aside>
        <main className="main">
          <ErrorBanner />
          <ImportNotice />
          <LinkNote />
          <AutosaveNote />
          <StatusBar />
          <ResultTabs tabs={TABS} />
          <CustomDatasetSlot />
        </main>
      </div>
      <ImportDropZone />
    </div>
  );
}

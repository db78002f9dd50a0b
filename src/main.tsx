// The design tokens and base styles first, so feature styles (imported by the components) win.
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme, followSystemTheme, initialTheme } from './features/theme/theme';
import { createAppStore } from './store/app-store';
import { guardUnsavedProgress } from './store/leave-guard';
import { AppContext } from './store/context';
import { openRunStorage } from './store/run-storage';
import { createTrainingController } from './store/training-controller';
import { parsePageOptions } from './store/url-params';
import { syncUrlHash } from './store/url-sync';
import { createTrainingClient } from './worker/client';

const theme = initialTheme();
applyTheme(theme);
const store = createAppStore(parsePageOptions(window.location.search, window.location.hash), theme);
followSystemTheme((next) => {
  applyTheme(next);
  store.getState().setTheme(next);
});
syncUrlHash(store);
guardUnsavedProgress(store);

const controller = createTrainingController({
  store,
  createClient: createTrainingClient,
  // public/data/ is copied next to index.html; resolve it here because the worker's own URL
  // sits in assets/.
  dataBaseUrl: new URL('data/', document.baseURI).href,
  storage: openRunStorage(),
});
void controller.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppContext value={{ store, controller }}>
      <App />
    </AppContext>
  </StrictMode>,
);

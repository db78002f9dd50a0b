import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createAppStore } from './store/app-store';
import { AppContext } from './store/context';
import { createTrainingController } from './store/training-controller';
import { parsePageOptions } from './store/url-params';
import { createTrainingClient } from './worker/client';
import './app.css';

const store = createAppStore(parsePageOptions(window.location.search));
const controller = createTrainingController({
  store,
  createClient: createTrainingClient,
  // public/data/ is copied next to index.html; resolve it here because the worker's own URL
  // sits in assets/.
  dataBaseUrl: new URL('data/', document.baseURI).href,
});
void controller.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppContext value={{ store, controller }}>
      <App />
    </AppContext>
  </StrictMode>,
);

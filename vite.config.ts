import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CSP_META, ISOLATION_HEADERS, PRODUCTION_HEADERS } from './src/build/security-headers';
import { PYTHON_DIR, writePythonSources } from './src/ml/export-python/python/build';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
// A production host must send the same headers (see README and src/build/security-headers.ts).
const isolationHeaders = ISOLATION_HEADERS;

/**
 * The Content Security Policy as a <meta> tag, first in the built index.html's <head>, for static
 * hosts that send no headers. Build only: the dev server's HMR client needs inline scripts.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'csp-meta-tag',
    apply: 'build',
    // Right after <meta charset>, before any script or style sheet it must cover.
    transformIndexHtml: (html) => {
      const charset = /<meta charset="[^"]*"\s*\/?>/i;
      if (!charset.test(html)) throw new Error('index.html needs a <meta charset> for the CSP tag');
      const content = CSP_META.replaceAll("'", '&#39;');
      return html.replace(
        charset,
        (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${content}" />`,
      );
    },
  };
}

/**
 * Keeps src/ml/export-python/python-sources.ts (the .py files as strings, for the PyTorch script
 * the page offers) in step with the .py files: rewritten when `vite` or `vite build` starts, and
 * in the dev server whenever a .py file there changes.
 */
function pythonSources(): Plugin {
  return {
    name: 'python-sources',
    buildStart: () => {
      writePythonSources();
    },
    configureServer: (server) => {
      server.watcher.add(PYTHON_DIR);
      server.watcher.on('change', (file) => {
        if (file.startsWith(PYTHON_DIR) && file.endsWith('.py')) writePythonSources();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), cspMetaTag(), pythonSources()],
  base: './',
  server: { headers: isolationHeaders },
  // The production headers, CSP included (not for the dev server: see cspMetaTag).
  preview: { headers: PRODUCTION_HEADERS },
  worker: {
    format: 'es',
    // tfjs-backend-wasm builds its thread script from a function's source text
    // (wasmFactoryThreadedSimd.toString()); minifying the worker breaks that text.
    rolldownOptions: { output: { minify: false } },
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});

import { defineConfig } from 'vite';

// Serves the benchmark page cross-origin isolated, so wasm may use threads.
export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
    fs: { allow: ['../../..'] },
  },
  worker: { format: 'es' },
});

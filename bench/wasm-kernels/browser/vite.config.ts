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
  // Found only inside the worker; pre-bundling them up front avoids a reload mid-benchmark.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
    ],
  },
});

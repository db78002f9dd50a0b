import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
// A production host must send the same two headers (see README).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  base: './',
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: {
    format: 'es',
    // tfjs-backend-wasm builds its thread script from a function's source text
    // (wasmFactoryThreadedSimd.toString()); minifying the worker breaks that text.
    rolldownOptions: { output: { minify: false } },
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});

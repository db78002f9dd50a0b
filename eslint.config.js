import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public/data',
      'tests/artifacts',
      'bench/results',
      'bench/scratch',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core (models, training, datasets, helpers) runs in the page, the worker, the CLI and
    // Node tests alike, so it may not reach for the UI: React, zustand, the chart library, the
    // page's store, features and components, or the modules that only work on the page (its
    // entry points and the worker's page-side client).
    files: ['src/ml/**/*.{ts,tsx}', 'src/datasets/**/*.{ts,tsx}', 'src/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'zustand', 'recharts'].map((name) => ({
            name,
            message: 'src/ml, src/datasets and src/lib stay free of UI libraries.',
          })),
          patterns: [
            {
              group: ['react/*', 'react-dom/*', 'zustand/*', 'recharts/*'],
              message: 'src/ml, src/datasets and src/lib stay free of UI libraries.',
            },
            {
              group: [
                '**/store',
                '**/store/**',
                '**/features/**',
                '**/components/**',
                '**/App',
                '**/main',
                '**/worker/client',
              ],
              message: 'src/ml, src/datasets and src/lib may not import page-only modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain scripts the page loads as they are (public/ is copied into the build untouched).
    files: ['public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);

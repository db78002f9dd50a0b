import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at a time on CI's two cores: a browser file spends much of its time waiting
    // (page loads, a stalled worker's silence, the 3 s between checkpoints), so a unit file runs
    // beside it; one at a time (vitest's default of cores - 1) left a core idle. Browser files
    // run one after another: two side by side made the autosave and custom-dataset checks flaky.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'datasets/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          // The build, once, before the files that serve it start side by side.
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at a time, unit and browser alike, on CI's two cores. A browser file spends
    // much of its time waiting (page loads, a stalled worker's silence, the 3 s between
    // checkpoints) and a unit file on one core, so running them side by side fills both cores;
    // one at a time (vitest's default of cores - 1) left one idle. Browser files are independent:
    // each serves the app on its own port and launches its own Chromium with a fresh profile.
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
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

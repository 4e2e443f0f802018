import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['rules/**/*.test.ts', 'src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Browser tests start Chromium and wait on real pages.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default gave one worker on this 2-core machine, every file after the other (682 s);
    // most of a browser test's time is waiting on a page, and two files at once took 447 s.
    maxWorkers: 2,
  },
});

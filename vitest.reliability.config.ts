import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: the long reliability suites (crashes, round trips at national size, load). */
export default defineConfig({
  test: {
    include: ['test/reliability/slow/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // Two files at once: each is mostly one busy process, and CI has 2 cores and 15 minutes.
    maxWorkers: 2,
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});

import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: the long reliability suites (crashes, round trips at national size, load). */
export default defineConfig({
  test: {
    include: ['test/reliability/slow/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});

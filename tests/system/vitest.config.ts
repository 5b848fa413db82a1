import { defineConfig } from 'vitest/config';

/**
 * System tests start a whole platform per file (database, broker, gateway, worker, API, fleet) and
 * wait for real window edges: long timeouts, and one file at a time on this 2-core machine.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.e2e-spec.ts', 'src/**/*.spec.ts'],
    testTimeout: 300_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    pool: 'threads',
    maxWorkers: 2,
    // Tests are bounded by work (counts of runs), not time: this only stops a test that is
    // stuck, with headroom for a loaded 2-core machine.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});

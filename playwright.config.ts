import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  // One browser at a time: the machines have 2 cores, and each test gets its own fresh profile.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: process.env.PW_JSON_OUTPUT ? [['line'], ['json', { outputFile: process.env.PW_JSON_OUTPUT }]] : 'line',
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});

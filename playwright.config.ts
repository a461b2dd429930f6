import { defineConfig } from '@playwright/test';

// Run through scripts/e2e.mjs, which serves the built site and sets these variables.
const baseURL = process.env.NTLAB_BASE_URL ?? 'http://127.0.0.1:4321';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  // Headroom for a slow, shared machine (a 2-core laptop serving a class, CI under load): the
  // tests wait for states, never for times, so these limits only stop a test that is stuck.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    // Debian's Chromium, never a downloaded one.
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Without this, the browser itself looks up Google hosts even when the page does not.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    },
    serviceWorkers: 'block',
    actionTimeout: 60_000,
    navigationTimeout: 90_000,
    trace: 'off',
    screenshot: 'off',
  },
});

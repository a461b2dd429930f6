import { defineConfig } from '@playwright/test';

// Run through scripts/e2e.mjs, which serves the built site and sets these variables.
const baseURL = process.env.NTLAB_BASE_URL ?? 'http://127.0.0.1:4321';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
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
    trace: 'off',
    screenshot: 'off',
  },
});

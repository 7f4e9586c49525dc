import { defineConfig } from '@playwright/test';

// Two suites: `web` drives the renderer in Debian's Chromium against the real core, `electron`
// drives the real desktop shell wherever an Electron binary runs (it skips, saying why, elsewhere).
export default defineConfig({
  outputDir: 'test-results',
  reporter: [['list']],
  // Each suite starts its own app; these machines have 2 cores shared with other work.
  workers: 1,
  projects: [
    {
      // The built renderer against `mmrouter dashboard` (real core, temp database, the mock upstream
      // behind it), started once per worker by e2e/web/fixtures.ts.
      name: 'web',
      testDir: 'e2e/web',
      timeout: 120_000,
      expect: { timeout: 15_000 },
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          // Without the background-networking flags Chromium keeps calling home on a closed network.
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
        trace: 'retain-on-failure',
      },
    },
    { name: 'electron', testDir: 'e2e/electron', timeout: 60_000 },
  ],
});

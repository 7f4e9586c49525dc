import { defineConfig } from '@playwright/test';

// Two suites: `web` drives the renderer in Debian's Chromium against the real core, `electron`
// drives the real desktop shell wherever an Electron binary runs (it skips, saying why, elsewhere).
export default defineConfig({
  outputDir: 'test-results',
  reporter: [['list']],
  workers: 1,
  projects: [{ name: 'electron', testDir: 'e2e/electron', timeout: 60_000 }],
});

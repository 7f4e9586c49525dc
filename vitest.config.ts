import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // better-sqlite3 is a native module: worker threads share it badly, forked processes do not.
    pool: 'forks',
    include: ['test/**/*.test.ts', 'src-*/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

#!/usr/bin/env node
// The CLI is bundled to ESM by scripts/build-cli.mjs (run on npm install via "prepare").
import('../dist/cli.mjs').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.mjs')) {
    process.stderr.write('mmrouter: the CLI is not built yet. Run `npm install` (or `npm run build:cli`) in the project folder.\n');
    process.exit(2);
  }
  throw err;
});

#!/usr/bin/env node
// The CLI is bundled by scripts/build-cli.mjs (run on npm install via "prepare"): dist/launcher.cjs
// decides whether `serve` runs in a process of its own, dist/cli.mjs is the CLI.
const notBuilt = (err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/](cli\.mjs|launcher\.cjs)/.test(String(err.message))) {
    process.stderr.write('mmrouter: the CLI is not built yet. Run `npm install` (or `npm run build:cli`) in the project folder.\n');
    process.exit(2);
  }
  throw err;
};
import('../dist/launcher.cjs')
  .then(({ launch }) => launch(process.argv.slice(2), () => import('../dist/cli.mjs').catch(notBuilt)))
  .catch(notBuilt);

// Bundles the headless CLI/server into dist/cli.mjs, and the launcher that bin/mmrouter.cjs runs
// first into dist/launcher.cjs (no dependencies, so a launcher waiting on `serve` stays small).
// Dependencies stay external (resolved from node_modules at run time) so native modules and
// ESM-only packages load as Node expects.
import { build } from 'esbuild';

await build({
  entryPoints: ['src-main/cli/launcher.ts'],
  outfile: 'dist/launcher.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

await build({
  entryPoints: ['src-main/cli/main.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

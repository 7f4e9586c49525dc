// Bundles the headless CLI/server into dist/cli.mjs. Dependencies stay external (resolved from
// node_modules at run time) so native modules and ESM-only packages load as Node expects.
import { build } from 'esbuild';

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

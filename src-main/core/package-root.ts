import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/**
 * The installed package's folder, which holds configs/, models/ and eval_data/. Code runs from the
 * source tree (vitest, tsx) and from the bundled dist/cli.mjs at different depths, so walk up from
 * this module until the package.json that names mmrouter.
 */
export function packageRoot(): string {
  if (found) return found;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mmrouter') return (found = dir);
    if (dirname(dir) === dir) throw new Error('cannot find the mmrouter package folder (no package.json named mmrouter above this module)');
  }
}

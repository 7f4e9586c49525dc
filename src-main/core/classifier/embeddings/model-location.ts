import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The static-embedding model built by `scripts/build-embedding-model.ts` and committed under `models/`. */
export const SHIPPED_EMBEDDING_MODEL = 'mmrouter-glove-100d';
/** The head trained on all of `eval_data/` by `scripts/train-default-classifier.ts`. */
export const SHIPPED_TRAINED_MODEL = 'mmrouter-default-classifier';

/**
 * The repo's `models/` folder. This module runs from the source tree (vitest, tsx) and from the
 * bundled `dist/cli.mjs`, at different depths, so walk up from wherever it is until a folder holds
 * `models/<shipped model>`; the working directory is the last resort.
 */
export function shippedModelsDir(): string {
  const starts = [path.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'models', SHIPPED_EMBEDDING_MODEL, 'config.json'))) return path.join(dir, 'models');
      if (path.dirname(dir) === dir) break;
    }
  }
  return path.join(process.cwd(), 'models');
}

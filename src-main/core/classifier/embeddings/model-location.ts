import path from 'node:path';
import { packageRoot } from '../../package-root';

/** The static-embedding model built by `scripts/build-embedding-model.ts` and committed under `models/`. */
export const SHIPPED_EMBEDDING_MODEL = 'mmrouter-glove-100d';
/** The head trained on all of `eval_data/` by `scripts/train-default-classifier.ts`. */
export const SHIPPED_TRAINED_MODEL = 'mmrouter-default-classifier';

/** The package's `models/` folder, where the shipped model and head live. */
export function shippedModelsDir(): string {
  return path.join(packageRoot(), 'models');
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../../../src-shared/config-schema';
import { ConfigError } from '../../config/errors';
import type { ExperimentDefinition, ExperimentStore } from '../../tracker/ports';
import { variantTable } from './runner';

export interface NewExperiment {
  name: string;
  controlPath: string;
  treatmentPath: string;
  split: number;
}

function readVariant(path: string, role: string): { path: string; config: string } {
  const abs = resolve(path);
  try {
    return { path: abs, config: readFileSync(abs, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${path}: the ${role} config ${code === 'ENOENT' ? 'does not exist' : 'cannot be read'}; pass a routing config file`);
  }
}

/**
 * Checks an experiment completely (both configs load and route only to models the serving config
 * has, the split is a share) before storing it, so a bad one changes nothing. Throws ConfigError,
 * or TrackerError when the name is taken.
 */
export async function createExperiment(store: ExperimentStore, e: NewExperiment, serving: Config, now = Date.now()): Promise<ExperimentDefinition> {
  if (!/^[A-Za-z0-9._:/@-]+$/.test(e.name)) throw new ConfigError(`experiment name '${e.name}' may use only letters, digits and . _ : / @ -`);
  if (!(e.split >= 0 && e.split <= 1)) throw new ConfigError(`split must be a share from 0 to 1 (0.5 sends half the prompts to the treatment), got ${e.split}`);
  const control = readVariant(e.controlPath, 'control');
  const treatment = readVariant(e.treatmentPath, 'treatment');
  variantTable(control, serving);
  variantTable(treatment, serving);
  const def: ExperimentDefinition = { name: e.name, control, treatment, split: e.split, createdAt: now };
  await store.create(def);
  return def;
}

/** The config's `experiments:` entries that the store does not know yet, created (paths relative to the config file). */
export async function createConfiguredExperiments(store: ExperimentStore, serving: Config, configDir: string): Promise<void> {
  for (const e of serving.experiments) {
    if (await store.get(e.name)) continue;
    await createExperiment(store, { name: e.name, controlPath: resolve(configDir, e.control), treatmentPath: resolve(configDir, e.treatment), split: e.split }, serving);
  }
}

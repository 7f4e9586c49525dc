import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot } from '../core/package-root';

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME || homedir(), '.mmrouter', 'config.yaml');
}

/**
 * Which config to use: -c, then $MMROUTER_CONFIG, then ./mmrouter.yaml, then the one `mmrouter
 * init` wrote, then the bundled default.
 */
export function findConfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.MMROUTER_CONFIG) return resolve(env.MMROUTER_CONFIG);
  for (const candidate of [resolve('mmrouter.yaml'), userConfigPath(env)]) if (existsSync(candidate)) return candidate;
  return join(packageRoot(), 'configs', 'default.yaml');
}

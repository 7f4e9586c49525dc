import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the desktop app keeps what it writes: all under Electron's userData folder. */
export interface AppPaths {
  root: string;
  /** The config the app routes with once the user saves one (until then the default preset). */
  userConfig: string;
  /** The user's routing configs: copies of the shipped presets, edited in place by the GUI. */
  configs: string;
  /** Classifier models trained in the app. */
  models: string;
  /** The request log (SQLite, WAL), shared by the window's core and the proxy process. */
  database: string;
  /** Provider keys, encrypted. */
  keys: string;
  /** The proxy's port and switch, remembered between runs. */
  settings: string;
}

export function appPaths(userData: string): AppPaths {
  return {
    root: userData,
    userConfig: join(userData, 'config.yaml'),
    configs: join(userData, 'configs'),
    models: join(userData, 'models'),
    database: join(userData, 'mmrouter.db'),
    keys: join(userData, 'keys.json'),
    settings: join(userData, 'settings.json'),
  };
}

/**
 * Creates the folders and copies every shipped config the user does not have yet: all of them on
 * first run, and presets added by an update later. A config the user has is never overwritten,
 * since it may carry their edits. Returns the names copied.
 */
export function prepareAppData(paths: AppPaths, shippedConfigs: string): string[] {
  mkdirSync(paths.configs, { recursive: true });
  mkdirSync(paths.models, { recursive: true });
  const copied: string[] = [];
  for (const name of readdirSync(shippedConfigs).filter((n) => n.endsWith('.yaml')).sort()) {
    const target = join(paths.configs, name);
    if (existsSync(target)) continue;
    copyFileSync(join(shippedConfigs, name), target);
    copied.push(name);
  }
  return copied;
}

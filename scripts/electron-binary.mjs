// Whether this machine can run the Electron app: shared by `npm start` and the Electron e2e tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Electron 45's launcher (which downloads the binary on first use) requires this Node. */
const NODE_FOR_ELECTRON = [22, 12];

/**
 * { path, version } when an Electron binary exists and answers `--version`, else { reason } in one
 * clause. On a machine with network and Node >= 22.12, the first call downloads the binary.
 */
export function findElectron() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < NODE_FOR_ELECTRON[0] || (major === NODE_FOR_ELECTRON[0] && minor < NODE_FOR_ELECTRON[1])) {
    return { reason: `Node ${process.versions.node} is older than the ${NODE_FOR_ELECTRON.join('.')} Electron needs` };
  }
  let path;
  try {
    path = require('electron');
  } catch (err) {
    return { reason: `no Electron binary (${String(err?.message ?? err).split('\n')[0]})` };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { reason: 'no Electron binary was downloaded' };
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (run.status !== 0) return { reason: `the Electron binary at ${path} does not run (${(run.stderr || run.error?.message || `exit ${run.status}`).trim().split('\n')[0]})` };
  return { path, version: run.stdout.trim() };
}

// Whether this machine can run the Electron app: shared by `npm start` and the Electron e2e tests.
// CommonJS so that both scripts/start.mjs and the Playwright specs (compiled to CJS) can load it.
/* eslint-disable @typescript-eslint/no-require-imports */
/* global module */
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

/** Electron 45's launcher (which downloads the binary on first use) requires this Node. */
const NODE_FOR_ELECTRON = [22, 12];

/**
 * { path, version } when an Electron binary exists and answers `--version`, else { reason } in one
 * clause. On a machine with network and Node >= 22.12, the first call downloads the binary.
 */
function findElectron() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < NODE_FOR_ELECTRON[0] || (major === NODE_FOR_ELECTRON[0] && minor < NODE_FOR_ELECTRON[1])) {
    return { reason: `Node ${process.versions.node} is older than the ${NODE_FOR_ELECTRON.join('.')} Electron needs` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display to open a window on (run under xvfb-run on a headless Linux)' };
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

module.exports = { findElectron };

// `npm start`: the desktop app where an Electron binary runs, else web mode in the browser.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electron-binary.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectron();

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; exit with what it exits with.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (electron.path) {
  run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev']);
} else {
  // Without a provider key the demo config (simulated models) answers, so the app shows something.
  const config = process.env.MMROUTER_CONFIG || process.env.ANTHROPIC_API_KEY ? [] : ['-c', join(root, 'configs', 'demo.yaml')];
  process.stderr.write(`mmrouter: ${electron.reason}, so the desktop app cannot start here; starting web mode instead.\n`);
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(process.execPath, [join(root, 'bin', 'mmrouter.cjs'), ...config, 'serve']);
}

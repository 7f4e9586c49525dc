// `npm start`: the desktop app where an Electron binary runs, else web mode in the browser.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electron-binary.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const electron = findElectron();

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; exit with what it exits with.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function build(args) {
  const built = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

if (electron.path) {
  // The built app (preview), not the dev server: it runs as installed, renderer on app:// under its
  // production CSP. `npx electron-vite dev` gives hot reload while working on the GUI.
  run(process.execPath, [electronVite, 'preview']);
} else {
  process.stderr.write(`mmrouter: ${electron.reason}, so the desktop app cannot start here; starting web mode instead.\n`);
  // `mmrouter dashboard` serves the built renderer and /api, with the proxy on 8080 beside it.
  build([join(root, 'scripts', 'build-cli.mjs')]);
  build([electronVite, 'build', '--logLevel', 'warn']);
  // Without a provider key the simulator answers (demo mode), so the GUI shows something at once.
  const demo = process.env.MMROUTER_CONFIG || process.env.ANTHROPIC_API_KEY || process.env.OPENAI_API_KEY ? [] : ['--demo'];
  run(process.execPath, [join(root, 'bin', 'mmrouter.cjs'), 'dashboard', ...demo]);
}

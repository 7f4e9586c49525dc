// `npm run rebuild:electron`: builds better-sqlite3 for Electron's ABI beside the Node build, so the
// desktop app and the Node CLI/tests work from one install. Needs network (Electron's headers).
// The app loads build/electron/better_sqlite3.node through better-sqlite3's nativeBinding option.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkg = dirname(require.resolve('better-sqlite3/package.json'));
const release = join(pkg, 'build', 'Release', 'better_sqlite3.node');
const electronBuild = join(pkg, 'build', 'electron', 'better_sqlite3.node');
const nodeBuild = `${release}.node-abi`;

copyFileSync(release, nodeBuild);
// A `nodedir` from ~/.npmrc (set on machines that build offline against Node's headers) would make
// node-gyp build against Node instead of Electron: the wrong binary, silently.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_nodedir'));
const rebuilt = spawnSync(process.execPath, [require.resolve('electron-builder/cli.js'), 'install-app-deps'], { stdio: 'inherit', env });
try {
  if (rebuilt.status !== 0) throw new Error(`electron-builder install-app-deps failed (exit ${rebuilt.status}); it needs network to fetch Electron's headers`);
  mkdirSync(dirname(electronBuild), { recursive: true });
  renameSync(release, electronBuild);
  process.stdout.write(`Electron build of better-sqlite3: ${electronBuild}\n`);
} finally {
  renameSync(nodeBuild, release);
}

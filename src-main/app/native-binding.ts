import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The Electron build of better-sqlite3 that `npm run rebuild:electron` puts beside the Node build,
 * or undefined to load the default one (a packaged app, whose modules electron-builder rebuilt).
 */
export function electronSqliteBinding(resolvePackage: (id: string) => string): string | undefined {
  const candidate = join(dirname(resolvePackage('better-sqlite3/package.json')), 'build', 'electron', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

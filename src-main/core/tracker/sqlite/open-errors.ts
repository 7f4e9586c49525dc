import { TrackerError } from '../errors';

const FIX_PATH = 'set tracking.database to a file in a writable folder';

/** The command that rebuilds better-sqlite3 for the runtime that failed to load it. */
function rebuildHint(electron: boolean): string {
  return electron ? 'run `npm run rebuild:electron` to build it for Electron' : 'run `npm rebuild better-sqlite3` to build it for this Node.js';
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

/**
 * Turns whatever opening or migrating the database threw into a one-line TrackerError that names
 * the path and the fix. Users meet these at startup, so they must read as advice, not as a trace.
 */
export function explainOpenError(path: string, err: unknown, runtime: { electron: boolean } = { electron: process.versions.electron !== undefined }): TrackerError {
  if (err instanceof TrackerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const cause = { cause: err };

  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) {
    return new TrackerError(
      `cannot open ${path}: the better-sqlite3 native module was built for another runtime (NODE_MODULE_VERSION ${abi[1]}, this one needs ${abi[2]}); ${rebuildHint(runtime.electron)}`,
      cause,
    );
  }
  if (code === 'SQLITE_NOTADB') return new TrackerError(`${path} is not an SQLite database; move it aside or ${FIX_PATH}`, cause);
  if (code.startsWith('SQLITE_CORRUPT')) return new TrackerError(`${path} is damaged (SQLite reports corruption); move it aside to start a new one`, cause);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new TrackerError(`${path} is locked by another process; stop the other mmrouter or ${FIX_PATH}`, cause);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new TrackerError(`${path} is not writable (permission denied); fix its permissions or ${FIX_PATH}`, cause);
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') return new TrackerError(`cannot write ${path}: the disk is full`, cause);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) {
    return new TrackerError(`cannot open ${path} (${firstLine(message)}); check that its folder is writable or ${FIX_PATH}`, cause);
  }
  return new TrackerError(`cannot open ${path}: ${firstLine(message)}`, cause);
}

import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { TrackerError } from '../errors';
import { MIGRATIONS, type Migration } from './migrations';
import { explainOpenError } from './open-errors';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** Path of a better_sqlite3.node built for this runtime (e.g. an Electron build beside the Node one). */
  nativeBinding?: string;
  /** Schema history to bring the file up to; the shipped one unless a test supplies its own. */
  migrations?: readonly Migration[];
}

/** How long a writer waits for another process's lock (e.g. `mmrouter stats` beside `serve`). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the tracking database at `path`, configured for one writer and many
 * readers, with the schema migrated to the current version. Every failure is a TrackerError.
 */
export function openDatabase(path: string, opts: OpenDatabaseOptions = {}): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    prepareLocation(path);
    db = new Database(path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL stays consistent after a crash and only risks the last commits on power loss.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path, opts.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    db?.close();
    throw explainOpenError(path, err);
  }
}

function prepareLocation(path: string): void {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'error';
    throw new TrackerError(`cannot create the folder ${folder} for ${path} (${code}); set tracking.database to a file in a writable folder`, { cause: err });
  }
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new TrackerError(`${path} is a folder, not a database file; set tracking.database to a file path such as ${path}/mmrouter.db`);
  }
}

function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function migrate(db: SqliteDatabase, path: string, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new TrackerError(
      `${path} was written by a newer mmrouter (schema version ${current}, this one knows up to ${migrations.length}); upgrade mmrouter or set tracking.database to another file`,
    );
  }
  migrations.slice(current).forEach((migration, i) => {
    const target = current + i + 1;
    try {
      // IMMEDIATE takes the write lock before re-reading the version, so two processes starting
      // together apply each migration once.
      db.transaction(() => {
        if (schemaVersion(db) >= target) return;
        db.exec(migration.sql);
        db.pragma(`user_version = ${target}`);
      }).immediate();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new TrackerError(`cannot upgrade ${path} to schema version ${target} (${migration.description}): ${reason}`, { cause: err });
    }
  });
}

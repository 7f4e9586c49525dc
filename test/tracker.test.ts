import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestRecord } from '../src-shared/routing';
import { openTracker, TrackerError, type Tracker } from '../src-main/core/tracker';
import type { RequestLog } from '../src-main/core/tracker/ports';
import { openDatabase, type SqliteDatabase } from '../src-main/core/tracker/sqlite/database';
import { SqliteFeedbackStore } from '../src-main/core/tracker/sqlite/feedback-store';
import { MIGRATIONS } from '../src-main/core/tracker/sqlite/migrations';
import { explainOpenError } from '../src-main/core/tracker/sqlite/open-errors';
import { SqliteRequestLog } from '../src-main/core/tracker/sqlite/request-log';
import { WriteBehindLog } from '../src-main/core/tracker/write-behind';
import { describeRequestLogContract, makeRecord } from './contract/request-log.contract';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmrouter-tracker-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeRequestLogContract('sqlite', () => {
  const db = openDatabase(join(dir, 'contract.db'));
  return { log: new SqliteRequestLog(db), feedback: new SqliteFeedbackStore(db), close: () => void db.close() };
});

/** A second, independent connection: sees only what was committed to the file. */
function committedRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.prepare('SELECT count(*) FROM requests').pluck().get());
  } finally {
    db.close();
  }
}

describe('openDatabase', () => {
  it('creates the folder and the file, in WAL mode with foreign keys on', () => {
    const path = join(dir, 'nested', 'deeper', 'mmrouter.db');
    const db = openDatabase(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      db.close();
    }
  });

  it('re-opening a current database changes nothing and keeps its rows', () => {
    const path = join(dir, 'mmrouter.db');
    const first = openDatabase(path);
    const record = makeRecord();
    new SqliteRequestLog(first).append([record]);
    first.close();

    const again = openDatabase(path);
    try {
      expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(new SqliteRequestLog(again).get(record.id)).toEqual(record);
    } finally {
      again.close();
    }
  });

  it('applies only the migrations a database is missing, each in its own transaction', () => {
    const path = join(dir, 'mmrouter.db');
    const v1 = [{ description: 'one table', sql: 'CREATE TABLE a (x INTEGER)' }];
    openDatabase(path, { migrations: v1 }).close();

    const broken = [...v1, { description: 'add b', sql: 'CREATE TABLE b (y INTEGER)' }, { description: 'typo', sql: 'CREATE TABLE c (' }];
    expect(() => openDatabase(path, { migrations: broken })).toThrow(/schema version 3 \(typo\)/);

    const db = new Database(path);
    try {
      // Migration 2 committed; the failed 3 left no trace.
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
      expect(tables).toEqual(['a', 'b']);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer version', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(TrackerError);
    expect(() => openDatabase(path)).toThrow(new RegExp(`${path}.*newer mmrouter`));
  });

  describe('bad paths become one-line TrackerErrors naming the path', () => {
    const expectTrackerError = (path: string, pattern: RegExp) => {
      let thrown: unknown;
      try {
        openDatabase(path).close();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(TrackerError);
      const message = (thrown as Error).message;
      expect(message).toContain(path);
      expect(message).toMatch(pattern);
      expect(message).not.toContain('\n');
    };

    it('a folder where the file should be', () => {
      const path = join(dir, 'a-folder');
      mkdirSync(path);
      expectTrackerError(path, /is a folder/);
    });

    it('a file that is not a database', () => {
      const path = join(dir, 'notes.txt');
      writeFileSync(path, 'these are not the pages you are looking for\n'.repeat(200));
      expectTrackerError(path, /not an SQLite database/);
    });

    it('a folder that cannot be created', () => {
      const blocker = join(dir, 'plain-file');
      writeFileSync(blocker, 'x');
      expectTrackerError(join(blocker, 'mmrouter.db'), /cannot create the folder/);
    });
  });

  it('names the rebuild a native ABI mismatch needs', () => {
    const abi = Object.assign(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 128. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    const forNode = explainOpenError('/data/m.db', abi, { electron: false });
    expect(forNode.message).toBe(
      'cannot open /data/m.db: the better-sqlite3 native module was built for another runtime (NODE_MODULE_VERSION 115, this one needs 128); run `npm rebuild better-sqlite3` to build it for this Node.js',
    );
    expect(explainOpenError('/data/m.db', abi, { electron: true }).message).toContain('npm run rebuild:electron');
  });
});

describe('WriteBehindLog', () => {
  let db: SqliteDatabase;
  let path: string;
  let store: SqliteRequestLog;
  let errors: TrackerError[];

  beforeEach(() => {
    path = join(dir, 'wb.db');
    db = openDatabase(path);
    store = new SqliteRequestLog(db);
    errors = [];
  });
  afterEach(() => {
    db.close();
  });

  const writeBehind = (opts: { flushIntervalMs?: number; maxBatch?: number; maxPending?: number; over?: RequestLog } = {}) =>
    new WriteBehindLog(opts.over ?? store, {
      flushIntervalMs: opts.flushIntervalMs ?? 60_000,
      ...(opts.maxBatch ? { maxBatch: opts.maxBatch } : {}),
      ...(opts.maxPending ? { maxPending: opts.maxPending } : {}),
      onError: (err) => errors.push(err),
    });

  it('writes nothing until flushed, then everything in one go', async () => {
    const log = writeBehind();
    log.record(makeRecord());
    log.record(makeRecord());
    expect(committedRows(path)).toBe(0);
    log.flush();
    expect(committedRows(path)).toBe(2);
    await log.close();
  });

  it('flushes on its timer', async () => {
    const log = writeBehind({ flushIntervalMs: 10 });
    log.record(makeRecord());
    expect(committedRows(path)).toBe(0);
    await vi.waitFor(() => expect(committedRows(path)).toBe(1));
    await log.close();
  });

  it('flushes early once a batch fills up', async () => {
    const log = writeBehind({ maxBatch: 3 });
    log.record(makeRecord());
    log.record(makeRecord());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(committedRows(path)).toBe(0);
    log.record(makeRecord());
    expect(committedRows(path)).toBe(0);
    await vi.waitFor(() => expect(committedRows(path)).toBe(3));
    await log.close();
  });

  it('writes a burst bigger than a batch in full, one batch per timer turn', async () => {
    const log = writeBehind({ maxBatch: 3 });
    for (let i = 0; i < 8; i++) log.record(makeRecord());
    await vi.waitFor(() => expect(committedRows(path)).toBe(8));
    await log.close();
  });

  it('reads see rows recorded just before', async () => {
    const log = writeBehind();
    const r = makeRecord({ costUsd: 0.5 });
    log.record(r);
    expect(log.summary().requests).toBe(1);
    expect(log.get(r.id)).toEqual(r);
    await log.close();
  });

  it('counts queued spend for the budget without writing it', async () => {
    const log = writeBehind();
    store.append([makeRecord({ ts: 100, costUsd: 1 })]);
    log.record(makeRecord({ ts: 200, costUsd: 0.25 }));
    log.record(makeRecord({ ts: 50, costUsd: 9 }));
    expect(log.costSince(100)).toBeCloseTo(1.25, 10);
    expect(committedRows(path)).toBe(1);
    await log.close();
  });

  it('close writes everything and later records are reported, not thrown', async () => {
    const log = writeBehind();
    for (let i = 0; i < 7; i++) log.record(makeRecord());
    await log.close();
    expect(committedRows(path)).toBe(7);
    expect(() => log.record(makeRecord({ id: 'late' }))).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual(['request late finished after the tracker closed and was not recorded']);
  });

  it('keeps a batch that failed to write and writes it on the next try', async () => {
    let failuresLeft = 2;
    const flaky: RequestLog = Object.assign(Object.create(store) as RequestLog, {
      append(records: RequestRecord[]) {
        if (failuresLeft-- > 0) throw new Error('SQLITE_FULL: database or disk is full');
        store.append(records);
      },
    });
    const log = writeBehind({ over: flaky, flushIntervalMs: 5 });
    const records = [makeRecord(), makeRecord(), makeRecord()];
    for (const r of records) log.record(r);

    await vi.waitFor(() => expect(committedRows(path)).toBe(3));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(TrackerError);
    expect(errors[0]?.message).toMatch(/could not write 3 request\(s\).*kept for the next try.*disk is full/);
    for (const r of records) expect(store.get(r.id)).toEqual(r);
    await log.close();
  });

  it('drops the oldest queued rows, and says so, when the store stays down', async () => {
    const down: RequestLog = Object.assign(Object.create(store) as RequestLog, {
      append() {
        throw new Error('disk I/O error');
      },
    });
    const log = writeBehind({ over: down, maxPending: 2 });
    const [a, b, c] = [makeRecord(), makeRecord(), makeRecord()];
    log.record(a);
    log.record(b);
    log.record(c);
    expect(errors.map((e) => e.message)).toEqual(['dropped the 1 oldest unwritten request(s): the request log has not accepted writes for a while']);
    await expect(log.close()).rejects.toThrow(/2 request\(s\) were not recorded at shutdown/);
  });
});

describe('openTracker', () => {
  let tracker: Tracker | undefined;
  afterEach(async () => {
    await tracker?.close();
    tracker = undefined;
  });

  it('keeps what was recorded across a clean restart', async () => {
    const path = join(dir, 'app', 'mmrouter.db');
    const first = openTracker({ path, flushIntervalMs: 60_000 });
    const records = [makeRecord(), makeRecord({ status: 'error', errorClass: 'server', costUsd: 0 })];
    for (const r of records) first.log.record(r);
    await first.close();

    tracker = openTracker({ path, flushIntervalMs: 60_000 });
    for (const r of records) expect(tracker.log.get(r.id)).toEqual(r);
    expect(tracker.log.summary().errors).toBe(1);
  });

  it('accepts feedback for a request still waiting to be written', async () => {
    tracker = openTracker({ path: join(dir, 'fb.db'), flushIntervalMs: 60_000 });
    const r = makeRecord({ complexity: 'medium', category: 'creative', model: 'sonnet' });
    tracker.log.record(r);
    await tracker.feedback.add({ requestId: r.id, rating: 'up', ts: 1 });
    expect(await tracker.feedback.aggregate()).toEqual([{ complexity: 'medium', category: 'creative', model: 'sonnet', up: 1, down: 0 }]);
  });

  it('can be closed twice (by the router and by its owner)', async () => {
    const t = openTracker({ path: join(dir, 'twice.db'), flushIntervalMs: 60_000 });
    t.log.record(makeRecord());
    await t.log.close();
    await t.close();
    await expect(t.close()).resolves.toBeUndefined();
  });
});

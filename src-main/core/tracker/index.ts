import { TrackerError } from './errors';
import type { AlertHistory, BudgetLedger, ExperimentStore, Feedback, FeedbackStore, QualityStore } from './ports';
import { SqliteAlertHistory } from './sqlite/alert-history';
import { SqliteExperimentStore } from './sqlite/experiment-store';
import { SqliteBudgetLedger } from './sqlite/budget-ledger';
import { openDatabase } from './sqlite/database';
import { SqliteFeedbackStore } from './sqlite/feedback-store';
import { SqliteQualityStore } from './sqlite/quality-store';
import { SqliteRequestLog } from './sqlite/request-log';
import { WriteBehindLog } from './write-behind';

export interface TrackerOptions {
  /** Database file, already resolved (no `~`); its folder is created if missing. */
  path: string;
  flushIntervalMs: number;
  /** Background write failures; by default one line on stderr. */
  onError?: (err: TrackerError) => void;
  /** better_sqlite3.node built for this runtime, when it is not the default one (Electron). */
  nativeBinding?: string;
}

export interface Tracker {
  log: WriteBehindLog;
  feedback: FeedbackStore;
  quality: QualityStore;
  budget: BudgetLedger;
  experiments: ExperimentStore;
  alerts: AlertHistory;
  /** Writes every queued record, then closes the database. */
  close(): Promise<void>;
}

/**
 * Creates or migrates the database file and closes it again: for a process about to start several
 * that share it (`serve --workers`), which would otherwise race to create the schema. Throws
 * TrackerError.
 */
export function prepareDatabase(path: string): void {
  openDatabase(path).close();
}

/** Opens the SQLite tracker: the write-behind request log, feedback and quality stores over one file. Throws TrackerError. */
export function openTracker(opts: TrackerOptions): Tracker {
  const db = openDatabase(opts.path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  const log = new WriteBehindLog(new SqliteRequestLog(db), {
    flushIntervalMs: opts.flushIntervalMs,
    onError: opts.onError ?? ((err) => process.stderr.write(`mmrouter: ${err.message}\n`)),
  });
  const budget = new SqliteBudgetLedger(db, { flushIntervalMs: opts.flushIntervalMs, onError: (err) => (opts.onError ?? ((e) => process.stderr.write(`mmrouter: ${e.message}\n`)))(new TrackerError(`budget ledger: ${err.message}`, { cause: err })) });
  const store = new SqliteFeedbackStore(db);
  // Feedback joins the request it rates, which may still be queued in memory.
  const feedback: FeedbackStore = {
    add: (f: Feedback) => {
      log.flush();
      return store.add(f);
    },
    forRequest: (id) => store.forRequest(id),
    aggregate: () => {
      log.flush();
      return store.aggregate();
    },
    daily: (since) => {
      log.flush();
      return store.daily(since);
    },
  };
  return {
    log,
    feedback,
    quality: new SqliteQualityStore(db),
    budget,
    experiments: withFlush(new SqliteExperimentStore(db), log),
    alerts: new SqliteAlertHistory(db),
    close: async () => {
      try {
        await budget.close();
        await log.close();
      } finally {
        if (db.open) db.close();
      }
    },
  };
}

/** Experiment samples aggregate requests that may still be queued in memory. */
function withFlush(store: ExperimentStore, log: WriteBehindLog): ExperimentStore {
  return {
    create: (def) => store.create(def),
    get: (name) => store.get(name),
    list: () => store.list(),
    stop: (name, ts) => store.stop(name, ts),
    samples: (name) => {
      log.flush();
      return store.samples(name);
    },
  };
}

export { TrackerError } from './errors';
export type * from './ports';
export type { WriteBehindLog } from './write-behind';

import Database, { type Statement } from 'better-sqlite3';
import { TrackerError } from '../errors';
import type { ExperimentDefinition, ExperimentStore, Variant, VariantSamples } from '../ports';
import type { SqliteDatabase } from './database';

interface ExperimentRow {
  name: string;
  control_path: string;
  control_config: string;
  treatment_path: string;
  treatment_config: string;
  split: number;
  created_at: number;
  stopped_at: number | null;
}

interface TotalsRow {
  variant: Variant;
  requests: number;
  errors: number;
  cost: number;
  cost_sq: number;
  up: number;
  down: number;
}

const VARIANTS: readonly Variant[] = ['control', 'treatment'];

function fromRow(r: ExperimentRow): ExperimentDefinition {
  const def: ExperimentDefinition = {
    name: r.name,
    control: { path: r.control_path, config: r.control_config },
    treatment: { path: r.treatment_path, config: r.treatment_config },
    split: r.split,
    createdAt: r.created_at,
  };
  if (r.stopped_at !== null) def.stoppedAt = r.stopped_at;
  return def;
}

/** Experiments in SQLite; their requests are the request log's rows tagged with the experiment. */
export class SqliteExperimentStore implements ExperimentStore {
  private readonly insert: Statement<ExperimentRow>;
  private readonly byName: Statement<[string], ExperimentRow>;
  private readonly all: Statement<[], ExperimentRow>;
  private readonly stopOne: Statement<[number, string]>;
  private readonly totals: Statement<[string], TotalsRow>;
  private readonly latencies: Statement<[string, string], { latency_ms: number }>;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(`INSERT INTO experiments VALUES (@name, @control_path, @control_config, @treatment_path, @treatment_config, @split, @created_at, @stopped_at)`);
    this.byName = db.prepare('SELECT * FROM experiments WHERE name = ?');
    this.all = db.prepare('SELECT * FROM experiments ORDER BY created_at, name');
    this.stopOne = db.prepare('UPDATE experiments SET stopped_at = ? WHERE name = ? AND stopped_at IS NULL');
    this.totals = db.prepare(`
      SELECT r.variant AS variant, count(*) AS requests, sum(r.status = 'error') AS errors,
             sum(r.cost_usd) AS cost, sum(r.cost_usd * r.cost_usd) AS cost_sq,
             sum(f.rating = 'up') AS up, sum(f.rating = 'down') AS down
      FROM requests r LEFT JOIN feedback f ON f.request_id = r.id
      WHERE r.experiment = ?
      GROUP BY r.variant`);
    this.latencies = db.prepare(`SELECT latency_ms FROM requests WHERE experiment = ? AND variant = ? AND status = 'ok' ORDER BY latency_ms`);
  }

  async create(def: ExperimentDefinition): Promise<void> {
    try {
      this.insert.run({
        name: def.name,
        control_path: def.control.path,
        control_config: def.control.config,
        treatment_path: def.treatment.path,
        treatment_config: def.treatment.config,
        split: def.split,
        created_at: def.createdAt,
        stopped_at: def.stoppedAt ?? null,
      });
    } catch (err) {
      if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new TrackerError(`an experiment named '${def.name}' already exists; pick another name`, { cause: err });
      }
      throw err;
    }
  }

  async get(name: string): Promise<ExperimentDefinition | undefined> {
    const row = this.byName.get(name);
    return row && fromRow(row);
  }

  async list(): Promise<ExperimentDefinition[]> {
    return this.all.all().map(fromRow);
  }

  async stop(name: string, ts: number): Promise<boolean> {
    return this.stopOne.run(ts, name).changes === 1;
  }

  async samples(name: string): Promise<VariantSamples[]> {
    const totals = new Map(this.totals.all(name).map((t) => [t.variant, t]));
    return VARIANTS.map((variant) => {
      const t = totals.get(variant);
      return {
        variant,
        requests: t?.requests ?? 0,
        errors: t?.errors ?? 0,
        costSumUsd: t?.cost ?? 0,
        costSumSqUsd: t?.cost_sq ?? 0,
        latenciesMs: this.latencies.all(name, variant).map((r) => r.latency_ms),
        up: t?.up ?? 0,
        down: t?.down ?? 0,
      };
    });
  }
}

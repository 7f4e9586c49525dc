/**
 * Schema changes, oldest first. A database's `PRAGMA user_version` is the number of migrations
 * applied to it. Never edit a released migration: append a new one.
 */
export interface Migration {
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'request log and feedback',
    sql: `
      CREATE TABLE requests (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        ts INTEGER NOT NULL,
        source TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        complexity TEXT,
        category TEXT,
        confidence REAL,
        strategy TEXT,
        model TEXT,
        provider TEXT,
        upstream_model TEXT,
        attempts TEXT NOT NULL,
        escalated INTEGER NOT NULL,
        fallback INTEGER NOT NULL,
        stream INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        baseline_cost_usd REAL NOT NULL,
        latency_ms REAL NOT NULL,
        ttft_ms REAL,
        status TEXT NOT NULL,
        error_class TEXT,
        prompt TEXT,
        response TEXT
      );
      CREATE INDEX requests_ts ON requests (ts);
      CREATE INDEX requests_model_ts ON requests (model, ts);
      CREATE INDEX requests_labels ON requests (complexity, category);

      CREATE TABLE feedback (
        request_id TEXT PRIMARY KEY REFERENCES requests (id),
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        ts INTEGER NOT NULL,
        comment TEXT
      );
    `,
  },
  {
    description: 'LLM-as-judge quality results',
    sql: `
      CREATE TABLE quality (
        request_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        routed_model TEXT NOT NULL,
        baseline_model TEXT NOT NULL,
        judge_model TEXT NOT NULL,
        scores TEXT NOT NULL,
        cost_usd REAL NOT NULL
      );
      CREATE INDEX quality_ts ON quality (ts);
    `,
  },
  {
    description: 'routing policies: budget spend, policy notes and experiment variant per request, experiments, alerts',
    sql: `
      CREATE TABLE budget_spend (
        period TEXT PRIMARY KEY,
        spent_usd REAL NOT NULL
      );

      ALTER TABLE requests ADD COLUMN policies TEXT;
      ALTER TABLE requests ADD COLUMN experiment TEXT;
      ALTER TABLE requests ADD COLUMN variant TEXT;
      CREATE INDEX requests_experiment ON requests (experiment, variant) WHERE experiment IS NOT NULL;

      CREATE TABLE experiments (
        name TEXT PRIMARY KEY,
        control_path TEXT NOT NULL,
        control_config TEXT NOT NULL,
        treatment_path TEXT NOT NULL,
        treatment_config TEXT NOT NULL,
        split REAL NOT NULL CHECK (split >= 0 AND split <= 1),
        created_at INTEGER NOT NULL,
        stopped_at INTEGER
      );

      CREATE TABLE alerts (
        seq INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        rule TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        details TEXT NOT NULL,
        channels TEXT NOT NULL
      );
      CREATE INDEX alerts_ts ON alerts (ts);
    `,
  },
  {
    // No query filters on the labels (statistics group them within a time range, which requests_ts
    // serves), and each index costs every insert ~1 µs on the proxy's path.
    description: 'drop the unused index on (complexity, category)',
    sql: `DROP INDEX IF EXISTS requests_labels;`,
  },
  {
    // Only the per-model latency percentiles filter on the model, always within a time range that
    // requests_ts serves; the index cost every insert ~1.2 µs on the proxy's path.
    description: 'drop the index on (model, ts)',
    sql: `DROP INDEX IF EXISTS requests_model_ts;`,
  },
];

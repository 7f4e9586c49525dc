import type { Statement } from 'better-sqlite3';
import type { AlertHistory, AlertKind, AlertRecord } from '../ports';
import type { SqliteDatabase } from './database';

interface AlertRow {
  ts: number;
  rule: string;
  kind: string;
  severity: string;
  message: string;
  details: string;
  channels: string;
}

/** Fired alerts in SQLite. */
export class SqliteAlertHistory implements AlertHistory {
  private readonly insert: Statement<AlertRow>;
  private readonly newest: Statement<[number], AlertRow>;
  private readonly last: Statement<[], { rule: string; ts: number }>;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare('INSERT INTO alerts (ts, rule, kind, severity, message, details, channels) VALUES (@ts, @rule, @kind, @severity, @message, @details, @channels)');
    this.newest = db.prepare('SELECT * FROM alerts ORDER BY ts DESC, seq DESC LIMIT ?');
    this.last = db.prepare('SELECT rule, max(ts) AS ts FROM alerts GROUP BY rule');
  }

  async add(a: AlertRecord): Promise<void> {
    this.insert.run({ ts: a.ts, rule: a.rule, kind: a.kind, severity: a.severity, message: a.message, details: JSON.stringify(a.details), channels: JSON.stringify(a.channels) });
  }

  async recent(limit: number): Promise<AlertRecord[]> {
    return this.newest.all(limit).map((r) => ({
      ts: r.ts,
      rule: r.rule,
      kind: r.kind as AlertKind,
      severity: r.severity as AlertRecord['severity'],
      message: r.message,
      details: JSON.parse(r.details) as Record<string, unknown>,
      channels: JSON.parse(r.channels) as string[],
    }));
  }

  async lastFired(): Promise<Map<string, number>> {
    return new Map(this.last.all().map((r) => [r.rule, r.ts]));
  }
}

import type { Statement } from 'better-sqlite3';
import type { QualityJudgement, QualityScores, QualityStore } from '../ports';
import type { SqliteDatabase } from './database';

interface QualityRow {
  request_id: string;
  ts: number;
  routed_model: string;
  baseline_model: string;
  judge_model: string;
  scores: string;
  cost_usd: number;
}

/** Judgements in SQLite; the two score triples are one JSON column since they are only read whole. */
export class SqliteQualityStore implements QualityStore {
  private readonly insert: Statement<QualityRow>;
  private readonly newest: Statement<[number], QualityRow>;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(`
      INSERT INTO quality (request_id, ts, routed_model, baseline_model, judge_model, scores, cost_usd)
      VALUES (@request_id, @ts, @routed_model, @baseline_model, @judge_model, @scores, @cost_usd)`);
    this.newest = db.prepare(`SELECT * FROM quality ORDER BY ts DESC, rowid DESC LIMIT ?`);
  }

  add(j: QualityJudgement): void {
    this.insert.run({
      request_id: j.requestId,
      ts: j.ts,
      routed_model: j.routedModel,
      baseline_model: j.baselineModel,
      judge_model: j.judgeModel,
      scores: JSON.stringify({ routed: j.routed, baseline: j.baseline }),
      cost_usd: j.costUsd,
    });
  }

  recent(limit: number): QualityJudgement[] {
    return this.newest.all(limit).map((r) => {
      const scores = JSON.parse(r.scores) as { routed: QualityScores; baseline: QualityScores };
      return { requestId: r.request_id, ts: r.ts, routedModel: r.routed_model, baselineModel: r.baseline_model, judgeModel: r.judge_model, costUsd: r.cost_usd, ...scores };
    });
  }
}

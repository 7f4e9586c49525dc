import Database, { type Statement } from 'better-sqlite3';
import { TrackerError } from '../errors';
import type { DailyRatings, Feedback, FeedbackStore, FeedbackTally, Rating } from '../ports';
import type { SqliteDatabase } from './database';

interface FeedbackRow {
  request_id: string;
  rating: Rating;
  ts: number;
  comment: string | null;
}

/** Feedback in SQLite, keyed by request so the tally can join each rating to how it was routed. */
export class SqliteFeedbackStore implements FeedbackStore {
  private readonly upsert: Statement<FeedbackRow>;
  private readonly byRequest: Statement<[string], FeedbackRow>;
  private readonly tally: Statement<[], FeedbackTally>;
  private readonly perDay: Statement<[number], DailyRatings>;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare(`
      INSERT INTO feedback (request_id, rating, ts, comment) VALUES (@request_id, @rating, @ts, @comment)
      ON CONFLICT (request_id) DO UPDATE SET rating = excluded.rating, ts = excluded.ts, comment = excluded.comment`);
    this.byRequest = db.prepare(`SELECT * FROM feedback WHERE request_id = ?`);
    this.tally = db.prepare(`
      SELECT r.complexity AS complexity, r.category AS category, r.model AS model,
             sum(f.rating = 'up') AS up, sum(f.rating = 'down') AS down
      FROM feedback f JOIN requests r ON r.id = f.request_id
      WHERE r.complexity IS NOT NULL AND r.category IS NOT NULL AND r.model IS NOT NULL
      GROUP BY r.complexity, r.category, r.model
      ORDER BY r.complexity, r.category, r.model`);
    this.perDay = db.prepare(`
      SELECT r.complexity AS complexity, r.category AS category, r.model AS model, (f.ts / 86400000) * 86400000 AS day,
             sum(f.rating = 'up') AS up, sum(f.rating = 'down') AS down
      FROM feedback f JOIN requests r ON r.id = f.request_id
      WHERE f.ts >= ? AND r.complexity IS NOT NULL AND r.category IS NOT NULL AND r.model IS NOT NULL
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4`);
  }

  async add(feedback: Feedback): Promise<void> {
    try {
      this.upsert.run({ request_id: feedback.requestId, rating: feedback.rating, ts: feedback.ts, comment: feedback.comment ?? null });
    } catch (err) {
      if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new TrackerError(`no request with id ${feedback.requestId} has been recorded`, { cause: err });
      }
      throw err;
    }
  }

  async forRequest(requestId: string): Promise<Feedback | undefined> {
    const row = this.byRequest.get(requestId);
    if (!row) return undefined;
    const feedback: Feedback = { requestId: row.request_id, rating: row.rating, ts: row.ts };
    if (row.comment !== null) feedback.comment = row.comment;
    return feedback;
  }

  async aggregate(): Promise<FeedbackTally[]> {
    return this.tally.all();
  }

  async daily(since: number): Promise<DailyRatings[]> {
    return this.perDay.all(since);
  }
}

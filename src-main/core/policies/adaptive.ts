import type { Config } from '../../../src-shared/config-schema';
import type { Category, Complexity } from '../../../src-shared/labels';
import type { RouteDecision } from '../../../src-shared/routing';
import type { FeedbackStore } from '../tracker/ports';
import type { AdaptiveOrder } from './types';

const DAY_MS = 86_400_000;
/** Ratings older than this many half-lives weigh under 0.1% and are not read. */
const HALF_LIVES_READ = 10;

/** One model's standing in one (complexity, category) cell. */
export interface ModelScore {
  model: string;
  /** Posterior mean of the thumbs-up rate: (1 + ups) / (2 + ups + downs), ratings weighted by age. */
  score: number;
  /** Ratings counted (not weighted). */
  ratings: number;
}

/**
 * Reranks a route cell's candidates by user feedback. Each (complexity, category, model) gets a
 * Beta(1, 1) prior updated with thumbs up and down, each rating weighted by 0.5^(age / half-life)
 * so the score follows a model that changes. Only models with at least `min_feedback` ratings in
 * the cell are reordered, among the places they hold; the rest keep the route table's order.
 * Scores are read from the feedback store off the request path (at start, on a timer and after
 * each rating), so a request only looks up a map.
 */
export class AdaptiveRanker implements AdaptiveOrder {
  private cells = new Map<string, Map<string, ModelScore>>();
  /**
   * Reorderings worked out since the scores were last read, by candidate list (the router's lists
   * are made once per route cell): scores change only on a read.
   */
  private orders = new WeakMap<readonly string[], Reorder>();
  private readonly timer: NodeJS.Timeout;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly config: Config['adaptive'],
    private readonly feedback: FeedbackStore,
    private readonly onError: (err: Error) => void,
    refreshMs = 30_000,
  ) {
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref();
  }

  /** Re-reads the ratings; concurrent calls share one read. */
  refresh(now = Date.now()): Promise<void> {
    this.refreshing ??= this.load(now)
      .catch((err: unknown) => this.onError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  rerank(complexity: Complexity, category: Category, candidates: readonly string[], decision: RouteDecision): readonly string[] {
    if (candidates.length < 2) return candidates;
    let order = this.orders.get(candidates);
    if (!order) this.orders.set(candidates, (order = this.reorder(complexity, category, candidates)));
    if (order.changed) {
      (decision.policies ??= {}).adaptive = order.changed.note;
      decision.reasons.push(order.changed.reason);
    }
    return order.models;
  }

  private reorder(complexity: Complexity, category: Category, candidates: readonly string[]): Reorder {
    const unchanged = { models: candidates };
    const cell = this.cells.get(cellKey(complexity, category));
    if (!cell) return unchanged;
    const slots: number[] = [];
    const rated: ModelScore[] = [];
    candidates.forEach((m, i) => {
      const s = cell.get(m);
      if (s && s.ratings >= this.config.min_feedback) {
        slots.push(i);
        rated.push(s);
      }
    });
    if (rated.length < 2) return unchanged;
    const ordered = [...rated].sort((a, b) => b.score - a.score);
    if (ordered.every((s, i) => s === rated[i])) return unchanged;
    const models = [...candidates];
    slots.forEach((slot, i) => (models[slot] = ordered[i]!.model));
    if (models[0] === candidates[0]) return { models };
    const was = cell.get(candidates[0]!)!;
    const now = ordered[0]!;
    return {
      models,
      changed: {
        note: { from: was.model, to: now.model },
        reason: `adaptive: ${now.model} (${pct(now.score)} liked, ${now.ratings} ratings) ahead of ${was.model} (${pct(was.score)}, ${was.ratings} ratings) for ${complexity}/${category}`,
      },
    };
  }

  /** Every scored cell, for the GUI and `stats --detailed`. */
  scores(): { complexity: Complexity; category: Category; models: ModelScore[] }[] {
    return [...this.cells].map(([key, models]) => {
      const [complexity, category] = key.split('/') as [Complexity, Category];
      return { complexity, category, models: [...models.values()].sort((a, b) => b.score - a.score) };
    });
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async load(now: number): Promise<void> {
    const halfLife = this.config.half_life_days * DAY_MS;
    const rows = await this.feedback.daily(now - HALF_LIVES_READ * halfLife);
    const weighted = new Map<string, Map<string, { up: number; down: number; n: number }>>();
    for (const r of rows) {
      // A day's ratings count as given at its middle.
      const w = 0.5 ** (Math.max(0, now - (r.day + DAY_MS / 2)) / halfLife);
      const key = cellKey(r.complexity, r.category);
      let cell = weighted.get(key);
      if (!cell) weighted.set(key, (cell = new Map()));
      const t = cell.get(r.model) ?? { up: 0, down: 0, n: 0 };
      t.up += w * r.up;
      t.down += w * r.down;
      t.n += r.up + r.down;
      cell.set(r.model, t);
    }
    const cells = new Map<string, Map<string, ModelScore>>();
    for (const [key, models] of weighted) {
      const cell = new Map<string, ModelScore>();
      for (const [model, t] of models) cell.set(model, { model, score: (1 + t.up) / (2 + t.up + t.down), ratings: t.n });
      cells.set(key, cell);
    }
    this.cells = cells;
    this.orders = new WeakMap();
  }
}

/** A candidate list in feedback order, and the note and reason when that changes which model goes first. */
interface Reorder {
  models: readonly string[];
  changed?: { note: { from: string; to: string }; reason: string };
}

function cellKey(complexity: string, category: string): string {
  return `${complexity}/${category}`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

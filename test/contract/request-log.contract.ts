import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src-shared/routing';
import { TrackerError } from '../../src-main/core/tracker/errors';
import type { FeedbackStore, RequestLog } from '../../src-main/core/tracker/ports';

/** A fresh, empty backend for one test. */
export interface TrackerBackend {
  log: RequestLog;
  feedback: FeedbackStore;
  close(): void | Promise<void>;
}

let nextId = 0;

/** A successful classified request; override what a test is about. */
export function makeRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  nextId += 1;
  return {
    id: `req-${nextId}`,
    ts: Date.UTC(2026, 0, 15, 12),
    source: 'cli',
    requestedModel: 'auto',
    complexity: 'simple',
    category: 'factual',
    confidence: 0.9,
    strategy: 'rules',
    model: 'haiku',
    provider: 'anthropic',
    upstreamModel: 'claude-haiku-4-5',
    attempts: [{ model: 'haiku', provider: 'anthropic', ok: true, latencyMs: 100 }],
    escalated: false,
    fallback: false,
    stream: false,
    usage: { inputTokens: 100, outputTokens: 50, cachedInputTokens: 0, cacheWriteTokens: 0 },
    costUsd: 0.001,
    baselineCostUsd: 0.003,
    latencyMs: 100,
    ttftMs: null,
    status: 'ok',
    errorClass: null,
    prompt: null,
    response: null,
    ...overrides,
  };
}

/** Local-time epoch ms, so day buckets are tested in the zone they are defined in. */
function local(year: number, month: number, day: number, hour = 12, minute = 0): number {
  return new Date(year, month - 1, day, hour, minute).getTime();
}

/**
 * What every RequestLog + FeedbackStore backend must do. SQLite runs it today; a PostgreSQL
 * backend must pass it unchanged.
 */
export function describeRequestLogContract(name: string, makeBackend: () => TrackerBackend | Promise<TrackerBackend>): void {
  describe(`request log contract: ${name}`, () => {
    let backend: TrackerBackend;
    let log: RequestLog;
    let feedback: FeedbackStore;

    beforeEach(async () => {
      backend = await makeBackend();
      log = backend.log;
      feedback = backend.feedback;
    });
    afterEach(async () => {
      await backend.close();
    });

    describe('append and read back', () => {
      it('round-trips every field of a record', () => {
        const full = makeRecord({
          source: 'proxy:openai',
          requestedModel: 'mmrouter/auto',
          complexity: 'complex',
          category: 'code',
          confidence: 0.42,
          strategy: 'llm->rules',
          model: 'opus',
          provider: 'anthropic-eu',
          upstreamModel: 'claude-opus-4-6',
          attempts: [
            { model: 'sonnet', provider: 'anthropic-eu', ok: false, errorClass: 'overloaded', status: 529, message: 'Overloaded', latencyMs: 812.5 },
            { model: 'opus', provider: 'anthropic-eu', ok: true, latencyMs: 1500 },
          ],
          escalated: true,
          fallback: true,
          stream: true,
          usage: { inputTokens: 12_000, outputTokens: 900, cachedInputTokens: 8000, cacheWriteTokens: 2000 },
          costUsd: 0.0421,
          baselineCostUsd: 0.0315,
          latencyMs: 2312.75,
          ttftMs: 410.5,
          prompt: 'Refactor this module ✨',
          response: 'Here is the refactored module',
        });
        const failed = makeRecord({
          complexity: null,
          category: null,
          confidence: null,
          strategy: null,
          model: null,
          provider: null,
          upstreamModel: null,
          attempts: [],
          status: 'error',
          errorClass: 'auth',
          costUsd: 0,
          baselineCostUsd: 0,
        });
        log.append([full, failed]);
        expect(log.get(full.id)).toEqual(full);
        expect(log.get(failed.id)).toEqual(failed);
        expect(log.get('never-recorded')).toBeUndefined();
      });

      it('stores nothing from a batch that fails part-way', () => {
        const good = makeRecord();
        const broken = { ...makeRecord(), source: null } as unknown as RequestRecord;
        expect(() => log.append([good, broken])).toThrow();
        expect(log.get(good.id)).toBeUndefined();
        expect(log.summary().requests).toBe(0);
      });

      it('keeps the first copy when an id is appended again', () => {
        const first = makeRecord({ costUsd: 1 });
        log.append([first]);
        log.append([{ ...first, costUsd: 2 }]);
        expect(log.get(first.id)?.costUsd).toBe(1);
        expect(log.summary().requests).toBe(1);
      });

      it('lists recent requests newest first and pages back with `before`', () => {
        const records = [1, 2, 3, 4, 5].map((i) => makeRecord({ ts: 1000 * i }));
        log.append(records);
        expect(log.recent({ limit: 2 }).map((r) => r.ts)).toEqual([5000, 4000]);
        expect(log.recent({ limit: 2, before: 4000 }).map((r) => r.ts)).toEqual([3000, 2000]);
        expect(log.recent({ limit: 10, before: 2000 }).map((r) => r.ts)).toEqual([1000]);
      });
    });

    describe('summary', () => {
      it('is all zeros for an empty log', () => {
        expect(log.summary()).toEqual({
          requests: 0,
          errors: 0,
          totalCostUsd: 0,
          baselineCostUsd: 0,
          savingsUsd: 0,
          savingsPct: 0,
          avgLatencyMs: 0,
          tokensIn: 0,
          tokensOut: 0,
          cachedTokens: 0,
          fallbacks: 0,
          escalations: 0,
        });
      });

      it('adds up cost, savings against the baseline, tokens and routing events', () => {
        log.append([
          makeRecord({ costUsd: 0.25, baselineCostUsd: 1, latencyMs: 100, usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 600, cacheWriteTokens: 0 } }),
          makeRecord({ costUsd: 0.5, baselineCostUsd: 1, latencyMs: 300, fallback: true, usage: { inputTokens: 500, outputTokens: 100, cachedInputTokens: 0, cacheWriteTokens: 100 } }),
          makeRecord({ costUsd: 0.75, baselineCostUsd: 1, latencyMs: 800, escalated: true, status: 'error', errorClass: 'timeout' }),
          makeRecord({ costUsd: 2.5, baselineCostUsd: 1, latencyMs: 1200, escalated: true, fallback: true }),
        ]);
        const s = log.summary();
        expect(s.requests).toBe(4);
        expect(s.errors).toBe(1);
        expect(s.totalCostUsd).toBeCloseTo(4, 10);
        expect(s.baselineCostUsd).toBeCloseTo(4, 10);
        expect(s.savingsUsd).toBeCloseTo(0, 10);
        expect(s.avgLatencyMs).toBeCloseTo(600, 10);
        expect(s.tokensIn).toBe(1000 + 500 + 100 + 100);
        expect(s.tokensOut).toBe(200 + 100 + 50 + 50);
        expect(s.cachedTokens).toBe(600);
        expect(s.fallbacks).toBe(2);
        expect(s.escalations).toBe(2);
      });

      it('reports savings in dollars and as a percentage of the baseline', () => {
        log.append([makeRecord({ costUsd: 0.1, baselineCostUsd: 0.4 }), makeRecord({ costUsd: 0.2, baselineCostUsd: 0.6 })]);
        const s = log.summary();
        expect(s.savingsUsd).toBeCloseTo(0.7, 10);
        expect(s.savingsPct).toBeCloseTo(70, 10);
      });

      it('reports negative savings when routing cost more than the baseline', () => {
        log.append([makeRecord({ costUsd: 0.3, baselineCostUsd: 0.2 })]);
        expect(log.summary().savingsPct).toBeCloseTo(-50, 10);
      });

      it('counts only requests inside since (inclusive) and until (exclusive)', () => {
        log.append([1000, 2000, 3000, 4000].map((ts) => makeRecord({ ts, costUsd: ts / 1000 })));
        expect(log.summary({ since: 2000 }).requests).toBe(3);
        expect(log.summary({ until: 3000 }).requests).toBe(2);
        const mid = log.summary({ since: 2000, until: 4000 });
        expect(mid.requests).toBe(2);
        expect(mid.totalCostUsd).toBeCloseTo(5, 10);
      });
    });

    describe('daily cost', () => {
      it('buckets by local calendar day, oldest first, with empty days as zeros', () => {
        log.append([
          makeRecord({ ts: local(2026, 3, 10, 0, 5), costUsd: 1, baselineCostUsd: 2 }),
          makeRecord({ ts: local(2026, 3, 10, 23, 55), costUsd: 2, baselineCostUsd: 3 }),
          makeRecord({ ts: local(2026, 3, 8, 9), costUsd: 4, baselineCostUsd: 4 }),
          makeRecord({ ts: local(2026, 3, 6, 12), costUsd: 100, baselineCostUsd: 100 }),
          makeRecord({ ts: local(2026, 3, 11, 1), costUsd: 100, baselineCostUsd: 100 }),
        ]);
        expect(log.dailyCost({ days: 3, now: local(2026, 3, 10, 15) })).toEqual([
          { day: '2026-03-08', requests: 1, costUsd: 4, baselineCostUsd: 4 },
          { day: '2026-03-09', requests: 0, costUsd: 0, baselineCostUsd: 0 },
          { day: '2026-03-10', requests: 2, costUsd: 3, baselineCostUsd: 5 },
        ]);
      });

      it('crosses month and year boundaries', () => {
        const days = log.dailyCost({ days: 3, now: local(2026, 1, 1, 8) }).map((d) => d.day);
        expect(days).toEqual(['2025-12-30', '2025-12-31', '2026-01-01']);
      });
    });

    describe('distribution', () => {
      beforeEach(() => {
        log.append([
          makeRecord({ ts: 1000, complexity: 'simple', category: 'factual', model: 'haiku', provider: 'anthropic', costUsd: 0.5 }),
          makeRecord({ ts: 2000, complexity: 'simple', category: 'code', model: 'haiku', provider: 'anthropic', costUsd: 0.25 }),
          makeRecord({ ts: 3000, complexity: 'complex', category: 'code', model: 'opus', provider: 'anthropic', costUsd: 2 }),
          makeRecord({ ts: 4000, complexity: null, category: null, model: 'gpt-4o-mini', provider: 'openai', costUsd: 0.125 }),
          makeRecord({ ts: 5000, complexity: 'simple', category: 'factual', model: 'haiku', provider: 'anthropic', costUsd: 0, status: 'error', errorClass: 'rate_limit' }),
        ]);
      });

      it('groups by complexity, largest first, ties by key with unclassified requests (null) last', () => {
        expect(log.distribution({ by: 'complexity' })).toEqual([
          { key: 'simple', requests: 3, costUsd: 0.75 },
          { key: 'complex', requests: 1, costUsd: 2 },
          { key: null, requests: 1, costUsd: 0.125 },
        ]);
      });

      it('groups by category, model, provider and status', () => {
        const asMap = (by: 'category' | 'model' | 'provider' | 'status') =>
          Object.fromEntries(log.distribution({ by }).map((d) => [String(d.key), [d.requests, d.costUsd]]));
        expect(asMap('category')).toEqual({ factual: [2, 0.5], code: [2, 2.25], null: [1, 0.125] });
        expect(asMap('model')).toEqual({ haiku: [3, 0.75], opus: [1, 2], 'gpt-4o-mini': [1, 0.125] });
        expect(asMap('provider')).toEqual({ anthropic: [4, 2.75], openai: [1, 0.125] });
        expect(asMap('status')).toEqual({ ok: [4, 2.875], error: [1, 0] });
      });

      it('counts only requests since the given time', () => {
        expect(log.distribution({ by: 'model', since: 3000 })).toEqual([
          { key: 'gpt-4o-mini', requests: 1, costUsd: 0.125 },
          { key: 'haiku', requests: 1, costUsd: 0 },
          { key: 'opus', requests: 1, costUsd: 2 },
        ]);
      });
    });

    describe('latency percentiles', () => {
      it('are zero for an empty log', () => {
        expect(log.latencyPercentiles()).toEqual({ p50: 0, p95: 0, p99: 0 });
      });

      it('are exact nearest-rank values over successful requests', () => {
        // 1..200 ms in shuffled order, plus failures whose (long) latency must not count.
        const latencies = Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) + 1);
        log.append(latencies.map((latencyMs) => makeRecord({ latencyMs })));
        log.append([makeRecord({ latencyMs: 60_000, status: 'error', errorClass: 'timeout' })]);
        expect(log.latencyPercentiles()).toEqual({ p50: 100, p95: 190, p99: 198 });
      });

      it('filter by model and since, and give the median time to first token of streamed requests', () => {
        log.append([
          makeRecord({ ts: 1000, model: 'haiku', latencyMs: 50, stream: true, ttftMs: 20 }),
          makeRecord({ ts: 2000, model: 'haiku', latencyMs: 70, stream: true, ttftMs: 40 }),
          makeRecord({ ts: 3000, model: 'haiku', latencyMs: 90, stream: true, ttftMs: 30 }),
          makeRecord({ ts: 4000, model: 'opus', latencyMs: 900 }),
          makeRecord({ ts: 5000, model: 'opus', latencyMs: 1100 }),
        ]);
        expect(log.latencyPercentiles({ model: 'haiku' })).toEqual({ p50: 70, p95: 90, p99: 90, ttftP50: 30 });
        expect(log.latencyPercentiles({ model: 'opus' })).toEqual({ p50: 900, p95: 1100, p99: 1100 });
        expect(log.latencyPercentiles({ since: 3000 })).toEqual({ p50: 900, p95: 1100, p99: 1100, ttftP50: 30 });
      });
    });

    describe('search', () => {
      beforeEach(() => {
        log.append([
          makeRecord({ id: 'a-1', ts: 1000, model: 'haiku', source: 'cli', prompt: 'What is 50% of 10?' }),
          makeRecord({ id: 'a-2', ts: 2000, model: 'opus', source: 'playground', complexity: 'complex', category: 'code' }),
          makeRecord({ id: 'a-3', ts: 3000, model: 'haiku', source: 'proxy:openai', prompt: 'Name a Colour' }),
          makeRecord({ id: 'a-4', ts: 4000, model: 'sonnet', source: 'playground' }),
        ]);
      });

      it('pages newest first with the total on every page', () => {
        const first = log.search({ limit: 3, offset: 0 });
        expect(first.total).toBe(4);
        expect(first.items.map((r) => r.id)).toEqual(['a-4', 'a-3', 'a-2']);
        expect(log.search({ limit: 3, offset: 3 }).items.map((r) => r.id)).toEqual(['a-1']);
      });

      it('matches model, source, labels and stored prompt text, ignoring case', () => {
        const ids = (text: string) => log.search({ text, limit: 10, offset: 0 }).items.map((r) => r.id);
        expect(ids('HAIKU')).toEqual(['a-3', 'a-1']);
        expect(ids('playground')).toEqual(['a-4', 'a-2']);
        expect(ids('code')).toEqual(['a-2']);
        expect(ids('colour')).toEqual(['a-3']);
      });

      it('treats % and _ in the search text literally', () => {
        expect(log.search({ text: '50%', limit: 10, offset: 0 }).items.map((r) => r.id)).toEqual(['a-1']);
        expect(log.search({ text: 'a_', limit: 10, offset: 0 }).total).toBe(0);
      });

      it('keeps to the time range, until exclusive', () => {
        const page = log.search({ since: 2000, until: 4000, limit: 10, offset: 0 });
        expect(page).toMatchObject({ total: 2 });
        expect(page.items.map((r) => r.id)).toEqual(['a-3', 'a-2']);
        expect(log.distribution({ by: 'model', since: 1000, until: 3000 })).toEqual([
          { key: 'haiku', requests: 1, costUsd: 0.001 },
          { key: 'opus', requests: 1, costUsd: 0.001 },
        ]);
      });
    });

    it('leaves evaluation spend (quality replays and judging, LLM-classifier calls, eval runs) out of the savings, not out of the total', () => {
      log.append([
        makeRecord({ source: 'proxy:openai', costUsd: 1, baselineCostUsd: 3 }),
        makeRecord({ source: 'quality', costUsd: 0.5, baselineCostUsd: 2 }),
        makeRecord({ source: 'classifier', costUsd: 0.1, baselineCostUsd: 0.1 }),
        makeRecord({ source: 'eval', costUsd: 0.2, baselineCostUsd: 0.4 }),
      ]);
      const s = log.summary();
      expect(s.totalCostUsd).toBeCloseTo(1.8, 10);
      expect(s.baselineCostUsd).toBeCloseTo(3, 10);
      expect(s.savingsUsd).toBeCloseTo(2, 10);
      expect(s.savingsPct).toBeCloseTo(66.667, 2);
    });

    it('counts what the policies did: cascade answers and acceptances per tier, skips, budget modes, experiment variants, adaptive moves', () => {
      const cascade = (steps: [string, string, boolean, string?][]) => ({ cascade: steps.map(([tier, model, accepted, reason]) => ({ tier: tier as 'simple', model, accepted, costUsd: 0, ...(reason ? { reason } : {}) })) });
      log.append([
        makeRecord({ policies: { ...cascade([['simple', 'haiku', true]]), budget: { mode: 'warn', window: 'daily', spentUsd: 8, limitUsd: 10 } } }),
        makeRecord({ policies: cascade([['simple', 'haiku', false, 'hedging'], ['medium', 'sonnet', true]]) }),
        makeRecord({ policies: cascade([['simple', 'haiku', false, 'failed'], ['medium', 'sonnet', true]]) }),
        makeRecord({ policies: { breakerSkipped: ['opus', 'sonnet'], budgetSkipped: ['opus'], experiment: { name: 'e1', variant: 'treatment' } } }),
        makeRecord({ policies: { breakerSkipped: ['opus'], experiment: { name: 'e1', variant: 'control' }, adaptive: { from: 'haiku', to: 'sonnet' } } }),
        makeRecord({ ts: 1, policies: { breakerSkipped: ['opus'] } }),
        makeRecord(),
      ]);
      expect(log.policyActivity({ since: 1000 })).toEqual({
        cascade: [
          { tier: 'medium', model: 'sonnet', answers: 2, accepted: 2 },
          { tier: 'simple', model: 'haiku', answers: 2, accepted: 1 },
        ],
        skipped: [
          { policy: 'breaker', model: 'opus', requests: 2 },
          { policy: 'breaker', model: 'sonnet', requests: 1 },
          { policy: 'budget', model: 'opus', requests: 1 },
        ],
        budgetModes: [{ mode: 'warn', requests: 1 }],
        experiments: [
          { experiment: 'e1', variant: 'control', requests: 1 },
          { experiment: 'e1', variant: 'treatment', requests: 1 },
        ],
        adaptive: [{ from: 'haiku', to: 'sonnet', requests: 1 }],
      });
      expect(log.get(log.recent({ limit: 1 })[0]!.id)?.policies).toBeUndefined();
    });

    it('sums the cost spent since a time, for the budget', () => {
      log.append([makeRecord({ ts: 1000, costUsd: 1 }), makeRecord({ ts: 2000, costUsd: 0.5 }), makeRecord({ ts: 3000, costUsd: 0.25 })]);
      expect(log.costSince(2000)).toBeCloseTo(0.75, 10);
      expect(log.costSince(4000)).toBe(0);
    });

    describe('feedback', () => {
      it('stores one rating per request, a later one replacing the earlier', async () => {
        const r = makeRecord();
        log.append([r]);
        await feedback.add({ requestId: r.id, rating: 'up', ts: 10, comment: 'spot on' });
        expect(await feedback.forRequest(r.id)).toEqual({ requestId: r.id, rating: 'up', ts: 10, comment: 'spot on' });
        await feedback.add({ requestId: r.id, rating: 'down', ts: 20 });
        expect(await feedback.forRequest(r.id)).toEqual({ requestId: r.id, rating: 'down', ts: 20 });
        expect(await feedback.forRequest('unrated')).toBeUndefined();
      });

      it('refuses a rating for a request that was never recorded, storing nothing', async () => {
        await expect(feedback.add({ requestId: 'nope', rating: 'up', ts: 1 })).rejects.toThrow(TrackerError);
        await expect(feedback.add({ requestId: 'nope', rating: 'up', ts: 1 })).rejects.toThrow(/nope/);
        expect(await feedback.aggregate()).toEqual([]);
      });

      it('tallies ups and downs per complexity, category and model, skipping unclassified requests', async () => {
        const rate = async (rating: 'up' | 'down', overrides: Partial<RequestRecord>, ts = 1) => {
          const r = makeRecord(overrides);
          log.append([r]);
          await feedback.add({ requestId: r.id, rating, ts });
        };
        const day = 86_400_000;
        await rate('up', { complexity: 'simple', category: 'factual', model: 'haiku' });
        await rate('up', { complexity: 'simple', category: 'factual', model: 'haiku' }, 2 * day + 5);
        await rate('down', { complexity: 'simple', category: 'factual', model: 'haiku' }, 2 * day + 9);
        await rate('down', { complexity: 'complex', category: 'code', model: 'haiku' });
        await rate('up', { complexity: 'complex', category: 'code', model: 'opus' });
        await rate('up', { complexity: null, category: null, model: 'opus' });
        log.append([makeRecord({ complexity: 'complex', category: 'code', model: 'opus' })]);

        expect(await feedback.aggregate()).toEqual([
          { complexity: 'complex', category: 'code', model: 'haiku', up: 0, down: 1 },
          { complexity: 'complex', category: 'code', model: 'opus', up: 1, down: 0 },
          { complexity: 'simple', category: 'factual', model: 'haiku', up: 2, down: 1 },
        ]);
        // Per UTC day of the rating, for scores that fade with age; `since` is inclusive.
        expect(await feedback.daily(2 * day)).toEqual([{ complexity: 'simple', category: 'factual', model: 'haiku', day: 2 * day, up: 1, down: 1 }]);
        expect(await feedback.daily(0)).toHaveLength(4);
      });
    });
  });
}

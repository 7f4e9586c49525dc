import { afterEach, describe, expect, it } from 'vitest';
import { AdaptiveRanker } from '../src-main/core/policies/adaptive';
import type { DailyRatings, FeedbackStore } from '../src-main/core/tracker/ports';
import type { RouteDecision } from '../src-shared/routing';
import { runCli } from './support/cli';
import { post } from './support/server-harness';
import { HAIKU, MINI, routes, startPolicyProxy, type PolicyProxy } from './support/policy-harness';

const DAY = 86_400_000;

function decision(): RouteDecision {
  return { requestId: 'r', requestedModel: 'auto', candidates: [], attempts: [], escalated: false, fallback: false, reasons: [] };
}

function storeOf(rows: DailyRatings[]): FeedbackStore {
  return {
    add: async () => undefined,
    forRequest: async () => undefined,
    aggregate: async () => [],
    daily: async (since) => rows.filter((r) => r.day >= since),
  };
}

describe('adaptive ranking', () => {
  const now = 100 * DAY;
  const cell = { complexity: 'simple' as const, category: 'factual' as const };

  it('puts the better-liked model first once both have enough ratings, and explains it', async () => {
    const ranker = new AdaptiveRanker({ enabled: true, min_feedback: 5, half_life_days: 14 }, storeOf([
      { ...cell, model: 'a', day: now - DAY, up: 2, down: 6 },
      { ...cell, model: 'b', day: now - DAY, up: 7, down: 1 },
    ]), () => undefined);
    await ranker.refresh(now);
    const d = decision();
    expect(ranker.rerank('simple', 'factual', ['a', 'b', 'c'], d)).toEqual(['b', 'a', 'c']);
    expect(d.policies?.adaptive).toEqual({ from: 'a', to: 'b' });
    expect(d.reasons.join('\n')).toMatch(/adaptive: b \(80% liked, 8 ratings\) ahead of a \(30%, 8 ratings\) for simple\/factual/);
    ranker.close();
  });

  it('leaves the order alone below the minimum number of ratings, and in other cells', async () => {
    const ranker = new AdaptiveRanker({ enabled: true, min_feedback: 10, half_life_days: 14 }, storeOf([
      { ...cell, model: 'a', day: now, up: 0, down: 9 },
      { ...cell, model: 'b', day: now, up: 9, down: 0 },
    ]), () => undefined);
    await ranker.refresh(now);
    const d = decision();
    expect(ranker.rerank('simple', 'factual', ['a', 'b'], d)).toEqual(['a', 'b']);
    expect(ranker.rerank('medium', 'factual', ['a', 'b'], d)).toEqual(['a', 'b']);
    expect(d.policies).toBeUndefined();
    ranker.close();
  });

  it('lets old ratings fade: recent praise outweighs older complaints of the same size', async () => {
    const rows = [
      { ...cell, model: 'a', day: now - 60 * DAY, up: 0, down: 20 },
      { ...cell, model: 'a', day: now - DAY, up: 12, down: 0 },
      { ...cell, model: 'b', day: now - DAY, up: 10, down: 2 },
    ];
    const ranker = new AdaptiveRanker({ enabled: true, min_feedback: 5, half_life_days: 7 }, storeOf(rows), () => undefined);
    await ranker.refresh(now);
    expect(ranker.rerank('simple', 'factual', ['b', 'a'], decision())).toEqual(['a', 'b']);
    // Without decay the twenty old complaints would sink it.
    const flat = new AdaptiveRanker({ enabled: true, min_feedback: 5, half_life_days: 10_000 }, storeOf(rows), () => undefined);
    await flat.refresh(now);
    expect(flat.rerank('simple', 'factual', ['b', 'a'], decision())).toEqual(['b', 'a']);
    ranker.close();
    flat.close();
  });
});

describe('adaptive routing through the proxy', () => {
  let p: PolicyProxy;
  afterEach(() => p.close());

  it('learns from thumbs on /v1/feedback and routes the cell to the better-rated model', async () => {
    p = await startPolicyProxy('adaptive: { enabled: true, min_feedback: 3 }', { routes: routes({ simple: [HAIKU, MINI], medium: [MINI, HAIKU], complex: [MINI, HAIKU] }) });
    const ask = async (i: number) => {
      const { response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: `What is the capital of France? (${i})` }] }).withResponse();
      return { id: response.headers.get('x-mmrouter-request-id')!, model: response.headers.get('x-mmrouter-model'), policies: response.headers.get('x-mmrouter-policies') };
    };
    const haiku = [await ask(1), await ask(2), await ask(3)];
    // The next three are answered by the fallback, so both models have ratings in simple/factual.
    p.mock.enqueue({ kind: 'status', status: 500 }, { model: HAIKU, times: 3 });
    const mini = [await ask(4), await ask(5), await ask(6)];
    expect(haiku.map((a) => a.model)).toEqual([HAIKU, HAIKU, HAIKU]);
    expect(mini.map((a) => a.model)).toEqual([MINI, MINI, MINI]);

    for (const a of haiku) expect((await post(`${p.server.url}/v1/feedback`, { request_id: a.id, rating: 'down' })).status).toBe(200);
    for (const a of mini) expect((await post(`${p.server.url}/v1/feedback`, { request_id: `chatcmpl-${a.id}`, rating: 'up' })).status).toBe(200);

    p.mock.reset();
    const after = await ask(7);
    expect(after.model).toBe(MINI);
    expect(after.policies).toBe(`adaptive=${HAIKU}>${MINI}`);
    expect(p.mock.requests.map((r) => r.model)).toEqual([MINI]);
    const record = await p.record(after.id);
    expect(record.policies?.adaptive).toEqual({ from: HAIKU, to: MINI });
  });

  it('refuses feedback for an unknown request id and stores nothing', async () => {
    p = await startPolicyProxy('adaptive: { enabled: true, min_feedback: 3 }');
    const res = await post(`${p.server.url}/v1/feedback`, { request_id: 'req_nope', rating: 'up' });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { message: expect.stringMatching(/no request with id req_nope/) } });
    expect(await p.reader.feedback.aggregate()).toEqual([]);
    const cli = await runCli(['-c', p.configPath, 'feedback', 'req_nope', 'up'], { env: { HOME: p.dir } });
    expect(cli).toMatchObject({ code: 2, stdout: '', stderr: 'mmrouter: no request with id req_nope has been recorded\n' });
    expect(await p.reader.feedback.aggregate()).toEqual([]);
  });
});

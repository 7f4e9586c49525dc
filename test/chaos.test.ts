import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockFault } from './support/mock-upstream';
import { BIG, HAIKU, MINI, routes, startPolicyProxy, type PolicyProxy } from './support/policy-harness';
import { seededRandom } from '../src-main/core/seeded-random';

const FAULTS: MockFault[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, retryAfterSeconds: 1 },
  { kind: 'hang' },
  { kind: 'drop', when: 'mid-stream' },
  { kind: 'drop', when: 'before-headers' },
];

const PROMPTS = [
  'What is the capital of France?',
  'Explain how photosynthesis turns sunlight into chemical energy in plants.',
  'Prove that the sum of the angles of a triangle is 180 degrees in Euclidean geometry, and explain which axiom the proof depends on and what changes on a sphere.',
  'How do I delete a local branch in git?',
];

type Outcome = { id: string | null; ok: boolean; error?: unknown };

describe('chaos: 30% of upstream calls fail while a few hundred concurrent requests run', () => {
  let p: PolicyProxy;
  const outcomes: Outcome[] = [];
  const REQUESTS = 300;

  beforeAll(async () => {
    p = await startPolicyProxy('breaker: { failure_threshold: 4, cooldown_ms: 1500 }\nbudget: { enabled: true, daily_limit_usd: 1000, timezone: UTC }', {
      routes: routes({ simple: [HAIKU, MINI], medium: [MINI, HAIKU], complex: [BIG, HAIKU] }),
      timeoutMs: 1000,
      retries: 1,
    });
    p.mock.chaos({ rate: 0.3, faults: FAULTS, random: seededRandom(12) });
    const openai = new OpenAI({ apiKey: 'unused', baseURL: `${p.server.url}/v1`, maxRetries: 0, timeout: 30_000 });
    const anthropic = new Anthropic({ apiKey: 'unused', baseURL: p.server.url, maxRetries: 0, timeout: 30_000 });
    const one = async (i: number): Promise<Outcome> => {
      const content = `${PROMPTS[i % PROMPTS.length]} (${i})`;
      const stream = i % 4 < 2;
      let id: string | null = null;
      try {
        if (i % 2 === 0) {
          if (stream) {
            const { data, response } = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content }], stream: true }).withResponse();
            id = response.headers.get('x-mmrouter-request-id');
            let text = '';
            for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
            return { id, ok: text.length > 0 };
          }
          const { data, response } = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content }] }).withResponse();
          return { id: response.headers.get('x-mmrouter-request-id'), ok: (data.choices[0]?.message.content ?? '').length > 0 };
        }
        if (stream) {
          const { data, response } = await anthropic.messages.create({ model: 'auto', max_tokens: 200, messages: [{ role: 'user', content }], stream: true }).withResponse();
          id = response.headers.get('x-mmrouter-request-id');
          let text = '';
          for await (const event of data) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
          return { id, ok: text.length > 0 };
        }
        const { data, response } = await anthropic.messages.create({ model: 'auto', max_tokens: 200, messages: [{ role: 'user', content }] }).withResponse();
        return { id: response.headers.get('x-mmrouter-request-id'), ok: data.content.length > 0 };
      } catch (error) {
        const headers = (error as { headers?: Headers }).headers;
        return { id: id ?? headers?.get('x-mmrouter-request-id') ?? null, ok: false, error };
      }
    };
    outcomes.push(...(await Promise.all(Array.from({ length: REQUESTS }, (_, i) => one(i)))));
  }, 120_000);
  afterAll(() => p?.close());

  it('ends every request in an answer or a clean API error, never a dropped connection or a client timeout', () => {
    expect(outcomes).toHaveLength(REQUESTS);
    const failed = outcomes.filter((o) => !o.ok);
    for (const o of failed) {
      expect(o.error instanceof OpenAI.APIError || o.error instanceof Anthropic.APIError).toBe(true);
      expect(o.error).not.toBeInstanceOf(OpenAI.APIConnectionError);
      expect(o.error).not.toBeInstanceOf(Anthropic.APIConnectionError);
    }
    // Fallbacks and retries absorb most of the 30%: far fewer requests fail than calls did.
    expect(failed.length).toBeLessThan(REQUESTS * 0.3);
    expect(p.mock.requests.length).toBeGreaterThan(REQUESTS);
  });

  it('records each request exactly once, under the id its client saw', () => {
    const seen = outcomes.map((o) => o.id);
    expect(seen.every((id) => id !== null)).toBe(true);
    expect(new Set(seen).size).toBe(REQUESTS);
    const recorded = new Map<string, number>();
    for (const r of p.records) recorded.set(r.id, (recorded.get(r.id) ?? 0) + 1);
    expect(p.records).toHaveLength(REQUESTS);
    for (const id of seen) expect(recorded.get(id!)).toBe(1);
    const failedIds = new Set(outcomes.filter((o) => !o.ok).map((o) => o.id));
    for (const r of p.records) expect(r.status === 'error').toBe(failedIds.has(r.id));
  });

  it('opened breakers during the storm and closes them once the upstreams recover, with nothing left in flight', async () => {
    const during = (await p.router.policyStatus()).breakers;
    expect(during.some((b) => b.opens > 0)).toBe(true);

    p.mock.chaos(undefined);
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${p.server.url}/v1`, maxRetries: 0 });
    for (let round = 0; round < 10; round++) {
      const states = (await p.router.policyStatus()).breakers;
      if (states.every((b) => b.state === 'closed')) break;
      await new Promise((r) => setTimeout(r, 1600));
      for (const model of [HAIKU, MINI, BIG]) await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'ping' }] });
    }
    const after = await p.router.policyStatus();
    expect(after.breakers.filter((b) => b.state !== 'closed')).toEqual([]);
    expect(p.server.metrics.inFlight).toBe(0);
    // Every budget hold was settled or released.
    expect(after.budget?.windows.map((w) => w.reservedUsd)).toEqual([0]);
  }, 60_000);
});

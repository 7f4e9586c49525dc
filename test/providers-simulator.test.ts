import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SimulatorProfile } from '../src-shared/config-schema';
import { createProvider } from '../src-main/core/providers/factory';
import { ask, collect, doneOf, failureOf, textOf } from './support/provider-harness';

// Fast profiles keep the suite quick; the slow one exists to be aborted.
const profiles = new Map<string, SimulatorProfile>([
  ['sim-small', { latency_ms: 0, tokens_per_second: 100_000, answer_tokens: 40 }],
  ['sim-large', { latency_ms: 0, tokens_per_second: 100_000, answer_tokens: 300 }],
  ['sim-paced', { latency_ms: 5, tokens_per_second: 20_000, answer_tokens: 60 }],
  ['sim-slow', { latency_ms: 60_000, tokens_per_second: 1, answer_tokens: 40 }],
]);
const simulator = createProvider({ name: 'demo', type: 'simulator', timeoutMs: 30_000, maxRetries: 0, headers: {} }, { env: {}, simulatorProfiles: profiles });
const OPTS = { timeoutMs: 30_000 };

describe('simulator provider', () => {
  it('answers deterministically, labelled with the upstream model, with no key', async () => {
    const a = await simulator.complete('sim-small', ask('Explain how photosynthesis converts sunlight into sugar'), OPTS);
    const b = await simulator.complete('sim-small', ask('Explain how photosynthesis converts sunlight into sugar'), OPTS);
    expect(a).toEqual(b);
    expect(a.text.startsWith('[simulated answer from sim-small]')).toBe(true);
    expect(a.text).toMatch(/photosynthesis|sunlight|sugar|converts/);
    expect(a.finishReason).toBe('stop');
    expect(a.model).toBe('sim-small');
  });

  it('answers differently for different prompts and models', async () => {
    const a = await simulator.complete('sim-small', ask('Write a haiku about autumn leaves'), OPTS);
    const b = await simulator.complete('sim-small', ask('Debug this segmentation fault in my pointer code'), OPTS);
    const c = await simulator.complete('sim-large', ask('Write a haiku about autumn leaves'), OPTS);
    expect(a.text).not.toBe(b.text);
    expect(c.text.startsWith('[simulated answer from sim-large]')).toBe(true);
  });

  it('gives longer answers for models with larger answer_tokens, and counts tokens for real', async () => {
    const small = await simulator.complete('sim-small', ask('Compare TCP and UDP'), OPTS);
    const large = await simulator.complete('sim-large', ask('Compare TCP and UDP'), OPTS);
    expect(large.usage.outputTokens).toBeGreaterThan(small.usage.outputTokens * 3);
    expect(small.usage.outputTokens).toBe(countTokens(small.text));
    expect(small.usage.inputTokens).toBe(countTokens('Compare TCP and UDP'));
    expect(small.usage.cachedInputTokens).toBe(0);
  });

  it('stops at max tokens with finish reason length', async () => {
    const res = await simulator.complete('sim-large', ask('Compare TCP and UDP', { maxTokens: 10 }), OPTS);
    expect(res.finishReason).toBe('length');
    expect(res.usage.outputTokens).toBeLessThanOrEqual(10);
  });

  it('streams text deltas then exactly one done with the same text and usage', async () => {
    const events = await collect(simulator.stream('sim-paced', ask('Summarise the causes of the French revolution'), OPTS));
    const done = doneOf(events);
    expect(events.slice(0, -1).every((e) => e.type === 'text')).toBe(true);
    expect(events.length).toBeGreaterThan(5);
    expect(textOf(events)).toBe(done.text);
    const complete = await simulator.complete('sim-paced', ask('Summarise the causes of the French revolution'), OPTS);
    expect(done).toEqual(complete);
  });

  it('calls a forced tool with empty arguments', async () => {
    const tools = [{ name: 'search', parameters: { type: 'object' } }];
    const res = await simulator.complete('sim-small', ask('find it', { tools, toolChoice: { name: 'search' } }), OPTS);
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls).toEqual([{ id: expect.any(String), name: 'search', arguments: '{}' }]);
    const events = await collect(simulator.stream('sim-small', ask('find it', { tools, toolChoice: 'required' }), OPTS));
    expect(events.map((e) => e.type)).toEqual(['tool_call_start', 'tool_call_delta', 'done']);
    const auto = await simulator.complete('sim-small', ask('find it', { tools, toolChoice: 'auto' }), OPTS);
    expect(auto.toolCalls).toEqual([]);
  });

  it("honours the caller's abort while waiting", async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 20);
    const err = await failureOf(() => simulator.complete('sim-slow', ask('hi'), { timeoutMs: 120_000, signal: ctl.signal }));
    expect(err.errorClass).toBe('aborted');
    const ctl2 = new AbortController();
    setTimeout(() => ctl2.abort(), 20);
    const streamErr = await failureOf(() => collect(simulator.stream('sim-slow', ask('hi'), { timeoutMs: 120_000, signal: ctl2.signal })));
    expect(streamErr.errorClass).toBe('aborted');
  });

  it('times out like a real upstream when its latency exceeds the attempt timeout', async () => {
    const err = await failureOf(() => simulator.complete('sim-slow', ask('hi'), { timeoutMs: 30 }));
    expect(err.errorClass).toBe('timeout');
  });

  it('answers a model without a profile using the default one', async () => {
    // Reading only the first delta keeps this quick: the default profile streams at 80 tokens/s.
    for await (const event of simulator.stream('unprofiled-model', ask('hi'), OPTS)) {
      expect(event).toEqual({ type: 'text', delta: '[simulated ' });
      break;
    }
  });

  it('answers JSON mode with JSON that fits the requested schema, so JSON-parsing callers work offline', async () => {
    const Verdict = z.object({ score: z.int().min(1).max(10), label: z.enum(['good', 'bad']), notes: z.string(), tags: z.array(z.string()) });
    const schema = z.toJSONSchema(Verdict) as Record<string, unknown>;
    const res = await simulator.complete('sim-small', { ...ask('Rate this answer'), responseFormat: { type: 'json_schema', name: 'verdict', schema } }, OPTS);
    const parsed = Verdict.parse(JSON.parse(res.text));
    expect(parsed.notes).toBe('[simulated answer from sim-small]');
    const plain = await simulator.complete('sim-small', { ...ask('Rate this answer'), responseFormat: { type: 'json_object' } }, OPTS);
    expect(JSON.parse(plain.text)).toEqual({ answer: '[simulated answer from sim-small]' });
  });
});

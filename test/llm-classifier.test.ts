import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmClassifier, type CompleteFn } from '../src-main/core/classifier/llm';
import { RulesClassifier } from '../src-main/core/classifier/rules';
import type { ChatProvider } from '../src-main/core/providers/types';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';
import { MODEL, providerFor } from './support/provider-harness';

describe('LlmClassifier against an OpenAI-wire upstream', () => {
  let mock: MockUpstream;
  let provider: ChatProvider;
  let calls: number;
  const complete: CompleteFn = (model, chat, signal) => {
    calls++;
    return provider.complete(model, chat, { signal, timeoutMs: 10_000 });
  };
  const classifier = (timeoutMs = 2000): LlmClassifier => new LlmClassifier({ complete, model: MODEL.openai, timeoutMs, fallback: new RulesClassifier() });

  beforeAll(async () => {
    mock = await startMockUpstream();
    provider = providerFor(mock, 'openai');
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.reset();
    calls = 0;
  });

  it('returns the labels the model answers, asking with a strict JSON schema', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: '{"complexity":"complex","category":"reasoning","confidence":0.83}' } });
    const result = await classifier().classify('Prove that there are infinitely many primes.');
    expect(result).toEqual({ complexity: 'complex', category: 'reasoning', confidence: 0.83, strategy: 'llm' });
    const body = mock.requests[0]?.body as { model: string; response_format: { type: string; json_schema: { strict: boolean } }; messages: { content: string }[] };
    expect(body.model).toBe(MODEL.openai);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(JSON.stringify(body.messages)).toContain('Prove that there are infinitely many primes.');
  });

  it('falls back to the rules classifier on an answer outside the schema', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: '{"complexity":"enormous","category":"code"}' } });
    const result = await classifier().classify('Write a Python function that reverses a string.');
    expect(result.strategy).toBe('llm->rules');
    const rules = await new RulesClassifier().classify('Write a Python function that reverses a string.');
    expect(result).toEqual({ ...rules, strategy: 'llm->rules' });
  });

  it('falls back on prose that is not JSON at all', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: 'I think this is a simple factual question.' } });
    expect((await classifier().classify('What is the capital of Peru?')).strategy).toBe('llm->rules');
  });

  it('falls back when the model does not answer within timeout_ms', async () => {
    mock.enqueue({ kind: 'hang' });
    const result = await classifier(200).classify('Write a haiku about rain');
    expect(result.strategy).toBe('llm->rules');
  });

  it('falls back when the upstream fails', async () => {
    mock.enqueue({ kind: 'status', status: 500 });
    expect((await classifier().classify('Explain how vaccines work')).strategy).toBe('llm->rules');
  });

  it('answers a repeated prompt from its cache without a second model call', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: '```json\n{"complexity":"simple","category":"factual","confidence":0.9}\n```' } });
    const c = classifier();
    const first = await c.classify('Who wrote Pride and Prejudice?');
    const second = await c.classify('Who wrote Pride and Prejudice?');
    expect(second).toEqual(first);
    expect(first.strategy).toBe('llm');
    expect(calls).toBe(1);
    expect(mock.requests).toHaveLength(1);
  });

  it('forgets the least recently used prompt when the cache is full', async () => {
    const c = new LlmClassifier({ complete, model: MODEL.openai, timeoutMs: 2000, fallback: new RulesClassifier(), cacheSize: 1 });
    const answer = { kind: 'reply', reply: { text: '{"complexity":"simple","category":"factual","confidence":0.9}' } } as const;
    mock.enqueue(answer, { times: 3 });
    await c.classify('first prompt');
    await c.classify('second prompt');
    await c.classify('first prompt');
    expect(calls).toBe(3);
  });

  it('lets a caller cancellation through instead of falling back', async () => {
    mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = classifier(5000).classify('Summarise the French revolution', controller.signal);
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    await expect(pending).rejects.toThrow('client went away');
  });
});

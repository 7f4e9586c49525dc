import { afterEach, describe, expect, it } from 'vitest';
import { annotatePromptCache, minCacheableTokens } from '../src-main/core/providers/cache-annotation';
import { createPricing } from '../src-main/core/pricing/prices';
import { HAIKU, startPolicyProxy, type PolicyProxy } from './support/policy-harness';

const EPHEMERAL = { type: 'ephemeral' };
/** About n tokens of text at 4 characters a token. */
const text = (tokens: number) => 'word '.repeat((tokens * 4) / 5);
const tool = (name: string, tokens = 10) => ({ name, description: text(tokens), input_schema: { type: 'object' } });

describe('prompt cache breakpoints', () => {
  it('knows each model family’s smallest cacheable prefix', () => {
    expect(minCacheableTokens('claude-haiku-4-5')).toBe(4096);
    expect(minCacheableTokens('claude-opus-4-6')).toBe(4096);
    expect(minCacheableTokens('claude-sonnet-4-6')).toBe(2048);
    expect(minCacheableTokens('claude-3-5-haiku-latest')).toBe(2048);
    expect(minCacheableTokens('claude-sonnet-4-5')).toBe(1024);
  });

  it('marks tools long enough on their own, and the system prompt after them', () => {
    const body = { tools: [tool('a'), tool('b', 1200)], system: text(1500), messages: [{ role: 'user', content: 'hi' }] };
    const out = annotatePromptCache(body, 'claude-sonnet-4-5');
    expect(out.tools).toEqual([body.tools[0], { ...body.tools[1], cache_control: EPHEMERAL }]);
    expect(out.system).toEqual([{ type: 'text', text: body.system, cache_control: EPHEMERAL }]);
    expect(out.messages).toBe(body.messages);
  });

  it('does not spend a breakpoint on tools too short to be cached alone', () => {
    const body = { tools: [tool('a')], system: [{ type: 'text', text: text(1500) }], messages: [{ role: 'user', content: 'hi' }] };
    const out = annotatePromptCache(body, 'claude-sonnet-4-5');
    expect(out.tools).toBe(body.tools);
    expect(out.system).toEqual([{ ...body.system[0], cache_control: EPHEMERAL }]);
  });

  it('marks a long first user turn once the conversation has gone past it, not a one-off prompt', () => {
    const doc = text(3000);
    const convo = { messages: [{ role: 'user', content: doc }, { role: 'assistant', content: 'Read it.' }, { role: 'user', content: 'Who signed?' }] };
    const out = annotatePromptCache(convo, 'claude-sonnet-4-5');
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: doc, cache_control: EPHEMERAL }] }, convo.messages[1], convo.messages[2]]);
    const once = { messages: [{ role: 'user', content: doc }] };
    expect(annotatePromptCache(once, 'claude-sonnet-4-5')).toBe(once);
  });

  it('leaves prefixes under the model’s minimum, and any body whose sender placed its own breakpoints, exactly as they came', () => {
    const body = { system: text(1500), messages: [{ role: 'user', content: 'hi' }] };
    expect(annotatePromptCache(body, 'claude-haiku-4-5')).toBe(body);
    const own = { system: text(5000), messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: EPHEMERAL }] }] };
    expect(annotatePromptCache(own, 'claude-sonnet-4-5')).toBe(own);
  });

  it('reads the client’s own breakpoints from its bytes, and is not fooled by the words quoted in a message', () => {
    const own = { system: text(5000), messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: EPHEMERAL }] }] };
    expect(annotatePromptCache(own, 'claude-sonnet-4-5', Buffer.from(JSON.stringify(own)))).toBe(own);
    const asks = { system: text(5000), messages: [{ role: 'user', content: 'What does "cache_control" do in a request?' }] };
    const out = annotatePromptCache(asks, 'claude-sonnet-4-5', Buffer.from(JSON.stringify(asks)));
    expect(out.system).toEqual([{ type: 'text', text: asks.system, cache_control: EPHEMERAL }]);
  });

  it('never uses more than Anthropic’s four breakpoints', () => {
    const body = { tools: [tool('a', 2000)], system: text(2000), messages: [{ role: 'user', content: text(2000) }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'next' }] };
    expect(JSON.stringify(annotatePromptCache(body, 'claude-sonnet-4-5')).match(/cache_control/g)).toHaveLength(3);
  });
});

describe('cache reads and writes in cost', () => {
  it('prices cached input below fresh input for every catalogued provider that reports it', () => {
    const pricing = createPricing({
      'gpt-4o-mini': { providerType: 'openai', upstreamModel: 'gpt-4o-mini' },
      'claude-sonnet-4-5': { providerType: 'anthropic', upstreamModel: 'claude-sonnet-4-5' },
      'gemini-2.5-flash': { providerType: 'google', upstreamModel: 'gemini-2.5-flash' },
    });
    for (const model of ['gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-flash']) {
      const fresh = pricing.cost(model, { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 });
      const read = pricing.cost(model, { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 8_000, cacheWriteTokens: 0 });
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThan(fresh);
    }
    const anthropicWrite = pricing.cost('claude-sonnet-4-5', { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 8_000 });
    expect(anthropicWrite).toBeGreaterThan(pricing.cost('claude-sonnet-4-5', { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 }));
  });
});

describe('prompt caching through the proxy', () => {
  let p: PolicyProxy;
  afterEach(() => p.close());

  it('caches the document a conversation is about and prices the cache read in the request’s cost and savings', async () => {
    p = await startPolicyProxy('');
    p.mock.enqueue({ kind: 'reply', reply: { text: 'Both parties signed.', usage: { input: 5000, output: 10, cached: 4500 } } });
    const doc = `Contract between the parties. ${text(4500)}`;
    const { data, response } = await p.anthropic.messages
      .create({ model: HAIKU, max_tokens: 100, messages: [{ role: 'user', content: doc }, { role: 'assistant', content: 'I have read it.' }, { role: 'user', content: 'Who signed?' }] })
      .withResponse();
    expect(data.usage).toMatchObject({ cache_read_input_tokens: 4500 });
    expect(response.headers.get('x-mmrouter-model')).toBe(HAIKU);
    const sent = p.mock.requests[0]!.body as { messages: { content: unknown }[] };
    expect(sent.messages[0]!.content).toEqual([{ type: 'text', text: doc, cache_control: EPHEMERAL }]);
    expect(sent.messages[2]!.content).toBe('Who signed?');
    const record = await p.record(response.headers.get('x-mmrouter-request-id')!);
    // 500 fresh at $1, 4,500 read from the cache at $0.10, 10 out at $5 per million; the baseline (no cache price) pays full input.
    expect(record.costUsd).toBeCloseTo((500 * 1 + 4500 * 0.1 + 10 * 5) / 1e6, 12);
    expect(record.baselineCostUsd).toBeCloseTo((5000 * 2 + 10 * 8) / 1e6, 12);
  });
});

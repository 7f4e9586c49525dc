import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../src-shared/chat';
import { startMockUpstream, type MockFamily, type MockUpstream } from './support/mock-upstream';
import { FAMILY_TYPE, MODEL, OPTS, TEST_KEY, ask, collect, doneOf, failureOf, lastBody, providerFor, textOf } from './support/provider-harness';

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe.each<MockFamily>(['openai', 'anthropic'])('%s provider against the mock upstream', (family) => {
  const type = FAMILY_TYPE[family];
  const model = MODEL[family];
  const provider = () => providerFor(mock, type);
  // OpenAI's wire has no cache-write counter; Anthropic reports both.
  const expectedCacheWrite = family === 'anthropic' ? 10 : 0;

  it('answers a plain request with the upstream text, id, model and usage', async () => {
    const res = await provider().complete(model, ask('Hello there, how are you?'), OPTS);
    expect(res.text).toBe(`Mock answer from ${model} to: Hello there, how are you?`);
    expect(res.model).toBe(model);
    expect(res.id).not.toBe('');
    expect(res.finishReason).toBe('stop');
    expect(res.toolCalls).toEqual([]);
    expect(res.usage.inputTokens).toBeGreaterThan(0);
    expect(res.usage.outputTokens).toBeGreaterThan(0);
    expect(mock.requests).toHaveLength(1);
  });

  it('reports cached and cache-write tokens as parts of the input', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: 'cached!', usage: { input: 100, output: 7, cached: 60, cacheWrite: 10 } } });
    const res = await provider().complete(model, ask('hi'), OPTS);
    expect(res.usage).toEqual({ inputTokens: 100, outputTokens: 7, cachedInputTokens: 60, cacheWriteTokens: expectedCacheWrite });
  });

  it('streams text deltas then one done carrying the assembled text and real usage', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: 'The quick brown fox jumps over the lazy dog again and again.', usage: { input: 50, output: 13, cached: 20, cacheWrite: 10 } } });
    const events = await collect(provider().stream(model, ask('stream please'), OPTS));
    const done = doneOf(events);
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
    expect(textOf(events)).toBe('The quick brown fox jumps over the lazy dog again and again.');
    expect(done.text).toBe(textOf(events));
    expect(done.finishReason).toBe('stop');
    expect(done.model).toBe(model);
    expect(done.usage).toEqual({ inputTokens: 50, outputTokens: 13, cachedInputTokens: 20, cacheWriteTokens: expectedCacheWrite });
    expect(mock.requests[0]?.stream).toBe(true);
  });

  it('returns a forced tool call and sends the tool result back in the wire shape of the family', async () => {
    const req: ChatRequest = ask('Weather in Paris?', { tools: [WEATHER_TOOL], toolChoice: { name: 'get_weather' } });
    const first = await provider().complete(model, req, OPTS);
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'mock' });

    const followUp: ChatRequest = {
      messages: [
        ...req.messages,
        { role: 'assistant', content: null, toolCalls: [call] },
        { role: 'tool', toolCallId: call.id, content: '18°C and sunny' },
        { role: 'user', content: 'Thanks! Anything else?' },
      ],
      tools: [WEATHER_TOOL],
    };
    const second = await provider().complete(model, followUp, OPTS);
    expect(second.text).toContain('Thanks! Anything else?');

    const messages = lastBody(mock).messages as unknown[];
    if (family === 'openai') {
      expect(messages.slice(1)).toEqual([
        { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: 'get_weather', arguments: call.arguments } }] },
        { role: 'tool', tool_call_id: call.id, content: '18°C and sunny' },
        { role: 'user', content: 'Thanks! Anything else?' },
      ]);
    } else {
      // The tool result and the next user text share one user turn: the API wants turns to alternate.
      expect(messages.slice(1)).toEqual([
        { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'mock' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: call.id, content: [{ type: 'text', text: '18°C and sunny' }] },
            { type: 'text', text: 'Thanks! Anything else?' },
          ],
        },
      ]);
    }
  });

  it('streams a tool call as start + argument deltas that assemble to valid JSON', async () => {
    const events = await collect(provider().stream(model, ask('Weather?', { tools: [WEATHER_TOOL], toolChoice: 'required' }), OPTS));
    const done = doneOf(events);
    const starts = events.filter((e) => e.type === 'tool_call_start');
    expect(starts).toEqual([{ type: 'tool_call_start', index: 0, id: done.toolCalls[0]?.id, name: 'get_weather' }]);
    const args = events.map((e) => (e.type === 'tool_call_delta' ? e.argumentsDelta : '')).join('');
    expect(JSON.parse(args)).toEqual({ city: 'mock' });
    expect(done.toolCalls).toEqual([{ id: done.toolCalls[0]?.id, name: 'get_weather', arguments: args }]);
    expect(done.finishReason).toBe('tool_calls');
  });

  describe('failures', () => {
    it.each([
      [400, 'bad_request', false],
      [401, 'auth', false],
      [403, 'auth', false],
      [404, 'not_found', false],
      [500, 'server', true],
      [503, 'server', true],
      [529, 'overloaded', true],
    ] as const)('HTTP %i → %s, one request, upstream body kept', async (status, errorClass, retryable) => {
      mock.enqueue({ kind: 'status', status });
      const err = await failureOf(() => provider().complete(model, ask('hi'), OPTS));
      expect(err.errorClass).toBe(errorClass);
      expect(err.status).toBe(status);
      expect(err.retryable).toBe(retryable);
      expect(err.upstreamBody).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
      expect(mock.requests).toHaveLength(1);
    });

    it('429 → rate_limit with the retry-after delay, no SDK retry', async () => {
      mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 2 });
      const err = await failureOf(() => provider().complete(model, ask('hi'), OPTS));
      expect(err.errorClass).toBe('rate_limit');
      expect(err.retryAfterMs).toBe(2000);
      expect(mock.requests).toHaveLength(1);
    });

    it('a 429 on a streamed call fails the same way before any event', async () => {
      mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 1 });
      const err = await failureOf(() => collect(provider().stream(model, ask('hi'), OPTS)));
      expect(err.errorClass).toBe('rate_limit');
      expect(err.retryAfterMs).toBe(1000);
      expect(mock.requests).toHaveLength(1);
    });

    it('a hanging upstream → timeout after the per-attempt timeout', async () => {
      mock.enqueue({ kind: 'hang' });
      const err = await failureOf(() => provider().complete(model, ask('hi'), { timeoutMs: 150 }));
      expect(err.errorClass).toBe('timeout');
      expect(err.message).toBe(`test-${type}: no answer within 150 ms`);
      expect(mock.requests).toHaveLength(1);
    });

    it('a hanging streamed call → timeout too', async () => {
      mock.enqueue({ kind: 'hang' });
      const err = await failureOf(() => collect(provider().stream(model, ask('hi'), { timeoutMs: 150 })));
      expect(err.errorClass).toBe('timeout');
    });

    it("the caller's abort → aborted, not timeout", async () => {
      mock.enqueue({ kind: 'hang' });
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 50);
      const err = await failureOf(() => provider().complete(model, ask('hi'), { timeoutMs: 5000, signal: ctl.signal }));
      expect(err.errorClass).toBe('aborted');
      expect(err.retryable).toBe(false);
    });

    it("the caller's abort ends a stream as aborted", async () => {
      mock.enqueue({ kind: 'hang' });
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 50);
      const err = await failureOf(() => collect(provider().stream(model, ask('hi'), { timeoutMs: 5000, signal: ctl.signal })));
      expect(err.errorClass).toBe('aborted');
    });

    it('an already-aborted signal fails at once', async () => {
      const err = await failureOf(() => provider().complete(model, ask('hi'), { timeoutMs: 5000, signal: AbortSignal.abort() }));
      expect(err.errorClass).toBe('aborted');
    });

    it('a connection dropped before headers → network, one request', async () => {
      mock.enqueue({ kind: 'drop', when: 'before-headers' });
      const err = await failureOf(() => provider().complete(model, ask('hi'), OPTS));
      expect(err.errorClass).toBe('network');
      expect(err.retryable).toBe(true);
      expect(mock.requests).toHaveLength(1);
    });

    it('a stream cut in the middle → network', async () => {
      mock.enqueue({ kind: 'drop', when: 'mid-stream' });
      const err = await failureOf(() => collect(provider().stream(model, ask('a longer question so the stream has several events'), OPTS)));
      expect(err.errorClass).toBe('network');
    });

    it('a malformed body → server (retryable)', async () => {
      mock.enqueue({ kind: 'malformed' });
      const err = await failureOf(() => provider().complete(model, ask('hi'), OPTS));
      expect(err.errorClass).toBe('server');
      expect(err.message).toMatch(/malformed/);
      expect(mock.requests).toHaveLength(1);
    });

    it('a malformed stream event → server', async () => {
      mock.enqueue({ kind: 'malformed' });
      const err = await failureOf(() => collect(provider().stream(model, ask('hi'), OPTS)));
      expect(err.errorClass).toBe('server');
    });

    it('a missing key → config error naming the variable, nothing sent', async () => {
      const p = providerFor(mock, type, {}, {});
      const envVar = family === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      const err = await failureOf(() => p.complete(model, ask('hi'), OPTS));
      expect(err.errorClass).toBe('config');
      expect(err.message).toBe(`${envVar} is not set: export ${envVar}=<your key> (needed by provider 'test-${type}')`);
      const streamErr = await failureOf(() => collect(p.stream(model, ask('hi'), OPTS)));
      expect(streamErr.errorClass).toBe('config');
      expect(mock.requests).toHaveLength(0);
    });

    it('a key configured under another variable is read from it', async () => {
      const p = providerFor(mock, type, { apiKeyEnv: 'MY_TEAM_KEY' }, { MY_TEAM_KEY: 'team-key-123' });
      await p.complete(model, ask('hi'), OPTS);
      const headers = mock.requests[0]?.headers ?? {};
      expect(`${String(headers.authorization)} ${String(headers['x-api-key'])}`).toContain('team-key-123');
    });

    it('never shows the key, even when the upstream echoes it', async () => {
      const echoed =
        family === 'openai'
          ? { error: { message: `Incorrect API key provided: ${TEST_KEY}. Find your key at platform.openai.com.`, type: 'invalid_request_error', code: 'invalid_api_key' } }
          : { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${TEST_KEY}` } };
      for (const [status, body] of [
        [401, echoed],
        [500, { error: { message: `upstream saw Authorization: Bearer ${TEST_KEY}` } }],
      ] as const) {
        mock.enqueue({ kind: 'status', status, body });
        const err = await failureOf(() => provider().complete(model, ask('hi'), OPTS));
        expect(err.message).not.toContain(TEST_KEY);
        expect(err.message).not.toContain('0123456789abcdef');
        expect(JSON.stringify(err.upstreamBody)).not.toContain(TEST_KEY);
        expect(String(err.stack)).not.toContain(TEST_KEY);
      }
      // A different key value that is not sk-shaped is still redacted because it is this provider's key.
      const p = providerFor(mock, type, { apiKeyEnv: 'ODD_KEY' }, { ODD_KEY: 'plain-secret-value-42' });
      mock.enqueue({ kind: 'status', status: 401, body: { error: { message: 'bad key plain-secret-value-42' } } });
      const err = await failureOf(() => p.complete(model, ask('hi'), OPTS));
      expect(err.message).not.toContain('plain-secret-value-42');
      expect(err.message).toContain('[redacted]');
    });
  });
});

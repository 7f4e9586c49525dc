import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHEAP, OPENAI_MODEL, type ProxyHarness, startProxy, UPSTREAM_KEY } from './support/server-harness';

const SIMPLE = 'What is the capital of France?';
const WEATHER_TOOL_OPENAI = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const WEATHER_TOOL_ANTHROPIC = { name: 'get_weather', description: 'Current weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

describe('proxy with the official SDKs as clients, over the real router and mock upstreams', () => {
  let h: ProxyHarness;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    h = await startProxy();
    openai = new OpenAI({ apiKey: 'unused', baseURL: h.openaiBase, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: 'unused', baseURL: h.anthropicBase, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => h.mock.reset());

  describe('OpenAI client', () => {
    it('routes `auto` to an Anthropic model and answers in OpenAI shape, with X-MMRouter headers and a tracked cost', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 12, output: 8, cached: 4 } } });
      const { data, response } = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: SIMPLE }] }).withResponse();
      expect(data).toMatchObject({
        object: 'chat.completion',
        model: CHEAP,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Paris.' } }],
        usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20, prompt_tokens_details: { cached_tokens: 4 } },
      });
      expect(data.id).toMatch(/^chatcmpl-/);
      expect(h.mock.requests[0]?.family).toBe('anthropic');

      const id = response.headers.get('x-mmrouter-request-id') ?? '';
      expect(Object.fromEntries([...response.headers].filter(([k]) => k.startsWith('x-mmrouter-')).map(([k, v]) => [k, k === 'x-mmrouter-request-id' ? 'id' : v]))).toEqual({
        'x-mmrouter-request-id': 'id',
        'x-mmrouter-model': CHEAP,
        'x-mmrouter-provider': 'anthropic',
        'x-mmrouter-complexity': 'simple',
        'x-mmrouter-category': 'factual',
        'x-mmrouter-confidence': expect.stringMatching(/^\d\.\d{3}$/),
        'x-mmrouter-strategy': 'rules',
        'x-mmrouter-cost': ((8 * 1 + 4 * 0.1 + 8 * 5) / 1e6).toFixed(8),
        'x-mmrouter-fallback': 'false',
        'x-mmrouter-escalated': 'false',
      });
      const record = await h.record(id);
      expect(record).toMatchObject({ source: 'proxy:openai', model: CHEAP, status: 'ok', stream: false });
      expect(record.costUsd).toBeCloseTo((8 * 1 + 4 * 0.1 + 8 * 5) / 1e6, 12);
    });

    it('streams text with a final usage chunk when include_usage is set', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris is the capital of France.', usage: { input: 10, output: 7 } } });
      const { data: stream, response } = await openai.chat.completions
        .create({ model: 'auto', messages: [{ role: 'user', content: SIMPLE }], stream: true, stream_options: { include_usage: true } })
        .withResponse();
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('x-mmrouter-model')).toBe(CHEAP);
      let text = '';
      let usage: OpenAI.CompletionUsage | null | undefined;
      let finish: string | null | undefined;
      const ids = new Set<string>();
      for await (const chunk of stream) {
        ids.add(chunk.id);
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe('Paris is the capital of France.');
      expect(finish).toBe('stop');
      expect(usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 7 });
      expect(ids.size).toBe(1);
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ stream: true, source: 'proxy:openai' });
    });

    it('calls tools on an Anthropic model and gets OpenAI tool_calls back', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] } });
      const res = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: SIMPLE }], tools: [WEATHER_TOOL_OPENAI], tool_choice: 'auto' });
      expect(res.choices[0]?.finish_reason).toBe('tool_calls');
      const call = res.choices[0]?.message.tool_calls?.[0];
      expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '')).toEqual({ city: 'Paris' });
      // The Anthropic upstream received the tool in its own shape.
      expect(h.mock.requests[0]?.body).toMatchObject({ tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] });

      // Second turn: the tool result goes back through the proxy as an Anthropic tool_result.
      h.mock.enqueue({ kind: 'reply', reply: { text: 'It is sunny.' } });
      const followUp = await openai.chat.completions.create({
        model: 'auto',
        messages: [{ role: 'user', content: SIMPLE }, res.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: 'sunny, 21C' }],
        tools: [WEATHER_TOOL_OPENAI],
      });
      expect(followUp.choices[0]?.message.content).toBe('It is sunny.');
      const upstreamMessages = (h.mock.requests[1]?.body as { messages: { content: unknown }[] }).messages;
      expect(JSON.stringify(upstreamMessages)).toContain('"type":"tool_result"');
    });

    it('streams tool calls from an OpenAI model', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }] } });
      const stream = openai.chat.completions.stream({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'weather in Oslo?' }], tools: [WEATHER_TOOL_OPENAI] });
      const final = await stream.finalChatCompletion();
      expect(final.choices[0]?.finish_reason).toBe('tool_calls');
      const call = final.choices[0]?.message.tool_calls?.[0];
      expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });
    });

    it('passes JSON schema mode through to the model', async () => {
      const res = await openai.chat.completions.create({
        model: OPENAI_MODEL,
        messages: [{ role: 'user', content: 'Give me a city as JSON' }],
        response_format: { type: 'json_schema', json_schema: { name: 'city', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } },
      });
      expect(h.mock.requests[0]?.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'city' } } });
      expect(() => JSON.parse(res.choices[0]?.message.content ?? '')).not.toThrow();
    });

    it('maps an unknown model to a 404 and a malformed body to a 400', async () => {
      await expect(openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
        status: 404,
        error: { type: 'invalid_request_error', code: 'model_not_found' },
      });
      await expect(openai.chat.completions.create({ model: 'auto', messages: 'hi' as never })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'messages' } });
      expect(h.mock.requests).toHaveLength(0);
    });

    it("keeps a 429 a 429, passing on the upstream's Retry-After, when every candidate is rate limited", async () => {
      h.mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 30 }, { times: 5 });
      const err = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: SIMPLE }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
      expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('30');
      expect(JSON.stringify(err)).not.toContain(UPSTREAM_KEY);
    });

    it('turns upstream 500s into a 5xx and an Anthropic overload into 503 for OpenAI clients', async () => {
      h.mock.enqueue({ kind: 'status', status: 500 }, { model: OPENAI_MODEL });
      await expect(openai.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 500, error: { type: 'server_error' } });
      h.mock.enqueue({ kind: 'status', status: 529 }, { model: CHEAP });
      await expect(openai.chat.completions.create({ model: CHEAP, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 503 });
    });

    it('reports a stream that breaks after it started as an error the SDK raises', async () => {
      h.mock.enqueue({ kind: 'drop', when: 'mid-stream' }, { times: 5 });
      const stream = await openai.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Tell me a long story about a dragon.' }], stream: true });
      await expect(
        (async () => {
          for await (const chunk of stream) void chunk;
        })(),
      ).rejects.toThrow();
    });

    it('lists `auto` and the configured models', async () => {
      const ids = (await openai.models.list()).data.map((m) => m.id);
      expect(ids).toEqual(['auto', CHEAP, OPENAI_MODEL, 'gpt-4.1']);
      expect(await openai.models.retrieve(OPENAI_MODEL)).toMatchObject({ id: OPENAI_MODEL, object: 'model', owned_by: 'openai' });
      await expect(openai.models.retrieve('nope')).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('Anthropic client', () => {
    it('routes to an OpenAI model and answers in Anthropic shape', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Bonjour.', usage: { input: 30, output: 5, cached: 10 } } });
      const { data, response } = await anthropic.messages
        .create({ model: OPENAI_MODEL, max_tokens: 100, system: 'Answer in French.', messages: [{ role: 'user', content: 'Say hello' }] })
        .withResponse();
      expect(data).toMatchObject({
        type: 'message',
        role: 'assistant',
        model: OPENAI_MODEL,
        content: [{ type: 'text', text: 'Bonjour.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 20, output_tokens: 5, cache_read_input_tokens: 10, cache_creation_input_tokens: 0 },
      });
      expect(data.id).toMatch(/^msg_/);
      expect(h.mock.requests[0]).toMatchObject({ family: 'openai', body: { messages: [{ role: 'system' }, { role: 'user' }] } });
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ source: 'proxy:anthropic', model: OPENAI_MODEL });
      expect(record.costUsd).toBeCloseTo((20 * 0.15 + 10 * 0.15 + 5 * 0.6) / 1e6, 9);
    });

    it('streams tool use from an OpenAI model as Anthropic events', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Rome"}' }] } });
      const stream = anthropic.messages.stream({ model: OPENAI_MODEL, max_tokens: 200, messages: [{ role: 'user', content: 'weather in Rome?' }], tools: [WEATHER_TOOL_ANTHROPIC] });
      const types: string[] = [];
      stream.on('streamEvent', (e) => types.push(e.type));
      const final = await stream.finalMessage();
      expect(final.stop_reason).toBe('tool_use');
      expect(final.content).toMatchObject([
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: expect.any(String), name: 'get_weather', input: { city: 'Rome' } },
      ]);
      expect(types[0]).toBe('message_start');
      expect(types.at(-2)).toBe('message_delta');
      expect(types.at(-1)).toBe('message_stop');
      expect(h.mock.requests[0]?.body).toMatchObject({ tools: [{ type: 'function', function: { name: 'get_weather' } }] });
    });

    it('streams text from an Anthropic model with exact usage at the end', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris, of course.', usage: { input: 40, output: 4 } } });
      const final = await anthropic.messages.stream({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: SIMPLE }] }).finalMessage();
      expect(final).toMatchObject({ model: CHEAP, content: [{ type: 'text', text: 'Paris, of course.' }], usage: { input_tokens: 40, output_tokens: 4 } });
    });

    it('sends tool results back to an OpenAI model as tool messages', async () => {
      const res = await anthropic.messages.create({
        model: OPENAI_MODEL,
        max_tokens: 100,
        tools: [WEATHER_TOOL_ANTHROPIC],
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'hot' }] },
        ],
      });
      expect(res.content[0]?.type).toBe('text');
      expect(h.mock.requests[0]?.body).toMatchObject({
        messages: [{ role: 'user' }, { role: 'assistant', tool_calls: [{ id: 'toolu_1', function: { name: 'get_weather' } }] }, { role: 'tool', tool_call_id: 'toolu_1' }],
      });
    });

    it('keeps 529 overloaded for Anthropic clients and 404 for unknown models', async () => {
      h.mock.enqueue({ kind: 'status', status: 529 }, { times: 5 });
      await expect(anthropic.messages.create({ model: CHEAP, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
        status: 529,
        error: { type: 'error', error: { type: 'overloaded_error' } },
      });
      await expect(anthropic.messages.create({ model: 'claude-nope', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    });

    it('estimates tokens for count_tokens and lists models in Anthropic shape', async () => {
      const counted = await anthropic.messages.countTokens({ model: 'auto', messages: [{ role: 'user', content: 'Hello there, how are you today?' }] });
      expect(counted.input_tokens).toBeGreaterThan(5);
      expect(counted.input_tokens).toBeLessThan(30);
      const models = await anthropic.models.list();
      expect(models.data.map((m) => m.id)).toContain(CHEAP);
    });
  });

  describe('feedback and metrics', () => {
    it('stores feedback for a served request and 404s an unknown id', async () => {
      const { response } = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: SIMPLE }] }).withResponse();
      const id = response.headers.get('x-mmrouter-request-id') ?? '';
      await h.record(id);
      const ok = await fetch(`${h.openaiBase}/feedback`, { method: 'POST', body: JSON.stringify({ request_id: `chatcmpl-${id}`, rating: 'up' }) });
      expect(ok.status).toBe(200);
      const unknown = await fetch(`${h.openaiBase}/feedback`, { method: 'POST', body: JSON.stringify({ request_id: 'req_missing', rating: 'down' }) });
      expect(unknown.status).toBe(404);
    });

    it('exposes Prometheus counters, latency histogram, cost and tokens', async () => {
      const text = await (await fetch(`${h.anthropicBase}/metrics`)).text();
      expect(text).toMatch(new RegExp(`mmrouter_proxy_requests_total\\{endpoint="chat_completions",model="${CHEAP}",status="200"\\} \\d+`));
      expect(text).toMatch(/mmrouter_proxy_requests_total\{endpoint="messages",model="claude-haiku-4-5",status="529"\} 1/);
      expect(text).toMatch(/mmrouter_proxy_request_duration_seconds_bucket\{endpoint="chat_completions",le="\+Inf"\} \d+/);
      expect(text).toMatch(/mmrouter_proxy_cost_usd_total\{model="gpt-4o-mini"\} \d/);
      expect(text).toMatch(/mmrouter_proxy_tokens_total\{model="gpt-4o-mini",direction="output"\} \d+/);
    });
  });
});

describe('proxy with the shipped embedding classifier', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxy({}, 'embeddings');
  });
  afterAll(() => h.close());

  it('routes with embeddings loaded offline in the server process', async () => {
    const openai = new OpenAI({ baseURL: h.openaiBase, apiKey: 'unused', maxRetries: 0 });
    const { data, response } = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }] }).withResponse();
    expect(response.headers.get('x-mmrouter-strategy')).toBe('embeddings');
    expect(response.headers.get('x-mmrouter-complexity')).toBe('simple');
    expect(data.model).toBe(CHEAP);
  });
});

import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockUpstream, RecordedRequest } from './support/mock-upstream';
import { post, type ProxyHarness, startProxy, UPSTREAM_TIMEOUT_MS } from './support/server-harness';
import { rereadDebugFlag } from '../src-main/core/debug-log';

/** Classified simple by the rules classifier: routed to the Anthropic model. */
const SIMPLE = 'What is the capital of France?';
/** Classified medium code: routed to gpt-4.1, an OpenAI model (relayed). */
const MEDIUM = 'Write a Python function that merges two sorted lists and explain its complexity.';
const ANTHROPIC_MODEL = 'claude-haiku-4-5';
const LOCAL_MODEL = 'llama3';

/** One model per upstream family: OpenAI (relayed), an OpenAI-compatible server and Anthropic (translated). */
function responsesConfig(mock: MockUpstream): string {
  const tier = (model: string): string => ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: { model: ${model} }`).join('\n');
  return `
providers:
  anthropic: { base_url: ${mock.anthropicBaseUrl} }
  openai: { base_url: ${mock.openaiBaseUrl} }
  local: { type: openai-compatible, base_url: ${mock.openaiBaseUrl} }
provider: { max_retries: 0, timeout_ms: ${UPSTREAM_TIMEOUT_MS} }
classifier: { strategy: rules }
tracking: { database: ./mmrouter.db, flush_interval_ms: 20 }
models:
  ${ANTHROPIC_MODEL}:
    provider: anthropic
    pricing: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 }
  gpt-4.1:
    provider: openai
    pricing: { input: 2, output: 8 }
    fallbacks: [${ANTHROPIC_MODEL}]
  ${LOCAL_MODEL}:
    provider: local
    pricing: { input: 0.5, output: 1 }
routes:
  simple:
${tier(ANTHROPIC_MODEL)}
  medium:
${tier('gpt-4.1')}
  complex:
${tier('gpt-4.1')}
baseline_model: gpt-4.1
`;
}

const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

const CITY_SCHEMA = {
  type: 'json_schema' as const,
  name: 'city',
  schema: { type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer', minimum: 1 } }, required: ['name', 'population'], additionalProperties: false },
  strict: true,
};

/** The event types the official stream helper saw, in order; it throws on any event out of place. */
async function streamed(openai: OpenAI, params: Parameters<OpenAI['responses']['stream']>[0]) {
  const stream = openai.responses.stream(params);
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, final: await stream.finalResponse() };
}

function body(r: RecordedRequest | undefined): Record<string, unknown> {
  return r?.body as Record<string, unknown>;
}

/** The request id our translated answers are named after. */
function requestIdOf(responseId: string): string {
  return responseId.replace(/^resp_/, '');
}

/** One item's event run (added, its deltas, its .done events) collapsed to one entry per type, for order checks. */
function shape(events: ResponseStreamEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (out.at(-1) !== e.type) out.push(e.type);
  return out;
}

const TEXT_ITEM = [
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
];
const CALL_ITEM = ['response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done'];

describe('POST /v1/responses', () => {
  let h: ProxyHarness;
  let openai: OpenAI;

  beforeAll(async () => {
    h = await startProxy({}, 'rules', responsesConfig);
    openai = new OpenAI({ apiKey: 'client-key', baseURL: h.openaiBase, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => h.mock.reset());

  describe('relayed to an OpenAI model', () => {
    it("sends the client's body to /v1/responses with only the model swapped, answers with the upstream's bytes, and records usage and cost", async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'def merge(a, b): ...', usage: { input: 120, output: 30, cached: 20 } } });
      const sent = {
        model: 'auto',
        input: MEDIUM,
        instructions: 'Answer in Python.',
        reasoning: { effort: 'low' as const, summary: 'auto' as const },
        include: ['reasoning.encrypted_content' as const],
        tools: [{ type: 'web_search' as const }],
        x_vendor: { region: 'eu' },
      };
      const { data, response } = await openai.responses.create(sent).withResponse();

      expect(h.mock.requests).toHaveLength(1);
      expect(h.mock.requests[0]?.path).toBe('/v1/responses');
      expect(body(h.mock.requests[0])).toEqual({ ...sent, model: 'gpt-4.1' });
      // The upstream's own ids: relayed, not re-rendered.
      expect(data.id).toMatch(/^resp_mock/);
      expect(data.output_text).toBe('def merge(a, b): ...');
      expect(data.usage).toMatchObject({ input_tokens: 120, output_tokens: 30, input_tokens_details: { cached_tokens: 20 } });

      const cost = (120 * 2 + 30 * 8) / 1e6;
      expect(response.headers.get('x-mmrouter-model')).toBe('gpt-4.1');
      expect(response.headers.get('x-mmrouter-complexity')).toBe('medium');
      expect(response.headers.get('x-mmrouter-cost')).toBe(cost.toFixed(8));
      expect(response.headers.get('x-request-id')).toMatch(/^req_mock/);
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ source: 'proxy:responses', model: 'gpt-4.1', upstreamModel: 'gpt-4.1', stream: false, status: 'ok', usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 20 } });
      expect(record.costUsd).toBeCloseTo(cost, 12);
    });

    it('relays the stream event for event, which the SDK helper accepts in order, and records the final usage', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Here is a merge function that runs in linear time.', usage: { input: 40, output: 12 } } });
      const { events, final } = await streamed(openai, { model: 'gpt-4.1', input: MEDIUM });

      expect(body(h.mock.requests[0])).toMatchObject({ model: 'gpt-4.1', stream: true });
      expect(shape(events)).toEqual(['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.completed']);
      expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
      expect(final.output_text).toBe('Here is a merge function that runs in linear time.');
      expect(final.id).toMatch(/^resp_mock/);

      const { data: stream, response } = await openai.responses.create({ model: 'gpt-4.1', input: MEDIUM, stream: true }).withResponse();
      for await (const _ of stream);
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ source: 'proxy:responses', stream: true, status: 'ok', model: 'gpt-4.1' });
      expect(record.usage.outputTokens).toBeGreaterThan(0);
    });

    it('returns JSON that follows text.format json_schema', async () => {
      const res = await openai.responses.create({ model: 'gpt-4.1', input: 'Name a large city.', text: { format: CITY_SCHEMA } });
      expect(body(h.mock.requests[0])?.text).toEqual({ format: CITY_SCHEMA });
      expect(JSON.parse(res.output_text)).toEqual({ name: 'mock', population: 1 });
    });

    it('ends a relayed stream that fails upstream with an error the SDK raises, and records the failure', async () => {
      h.mock.enqueue({ kind: 'stream-error', after: 4, type: 'server_error', message: 'The model crashed' });
      await expect(streamed(openai, { model: 'gpt-4.1', input: MEDIUM })).rejects.toThrow(/crashed/);

      h.mock.enqueue({ kind: 'stream-error', after: 4, type: 'rate_limit_exceeded', message: 'Slow down' });
      const { data: stream, response } = await openai.responses.create({ model: 'gpt-4.1', input: MEDIUM, stream: true }).withResponse();
      const seen: ResponseStreamEvent[] = [];
      for await (const event of stream) seen.push(event);
      // The upstream's own events up to the failure, then the API's error event.
      expect(seen.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added', 'error']);
      expect(seen.at(-1)).toMatchObject({ type: 'error', code: 'rate_limit_exceeded', message: expect.stringContaining('Slow down') });
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ source: 'proxy:responses', status: 'error', errorClass: 'rate_limit', stream: true });
    });
  });

  describe.each([
    { family: 'Anthropic', model: ANTHROPIC_MODEL, path: '/v1/messages', pricing: { input: 1, output: 5 } },
    { family: 'OpenAI-compatible', model: LOCAL_MODEL, path: '/v1/chat/completions', pricing: { input: 0.5, output: 1 } },
  ])('translated for an $family model', ({ model, path, pricing }) => {
    it('turns instructions and input into the upstream API, renders a Responses object, and records usage and cost', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 50, output: 4 } } });
      const { data, response } = await openai.responses
        .create({ model, instructions: 'Be brief.', input: [{ role: 'developer', content: 'Use metric units.' }, { role: 'user', content: SIMPLE }], max_output_tokens: 300, store: false })
        .withResponse();

      const upstream = h.mock.requests[0];
      expect(upstream?.path).toBe(path);
      const sent = body(upstream);
      if (model === ANTHROPIC_MODEL) {
        expect(sent).toMatchObject({ model, max_tokens: 300, messages: [{ role: 'user', content: [{ type: 'text', text: SIMPLE }] }] });
        expect(JSON.stringify(sent.system)).toContain('Be brief.');
        expect(JSON.stringify(sent.system)).toContain('Use metric units.');
      } else {
        expect(sent).toMatchObject({
          model,
          max_tokens: 300,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'system', content: 'Use metric units.' },
            { role: 'user', content: SIMPLE },
          ],
        });
      }

      const requestId = response.headers.get('x-mmrouter-request-id') ?? '';
      expect(data).toMatchObject({
        id: `resp_${requestId}`,
        object: 'response',
        status: 'completed',
        model,
        instructions: 'Be brief.',
        max_output_tokens: 300,
        store: false,
        error: null,
        incomplete_details: null,
        output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Paris.', annotations: [] }] }],
        usage: { input_tokens: 50, output_tokens: 4, total_tokens: 54, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
      });
      expect(data.output_text).toBe('Paris.');
      expect(response.headers.get('x-mmrouter-model')).toBe(model);

      const record = await h.record(requestId);
      const cost = (50 * pricing.input + 4 * pricing.output) / 1e6;
      expect(record).toMatchObject({ source: 'proxy:responses', model, status: 'ok', stream: false, usage: { inputTokens: 50, outputTokens: 4 } });
      expect(record.costUsd).toBeCloseTo(cost, 12);
      expect(response.headers.get('x-mmrouter-cost')).toBe(cost.toFixed(8));
    });

    it('streams typed events in the order the SDK helper checks, numbered from 0, ending with the usage', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'The capital of France is Paris, on the Seine.', usage: { input: 30, output: 11 } } });
      const { events, final } = await streamed(openai, { model, input: SIMPLE });

      expect(shape(events)).toEqual(['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.completed']);
      expect(events.filter((e) => e.type === 'response.output_text.delta').length).toBeGreaterThan(1);
      expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
      expect(events[0]).toMatchObject({ type: 'response.created', response: { status: 'in_progress', output: [], usage: null } });
      expect(final).toMatchObject({ status: 'completed', model, usage: { input_tokens: 30, output_tokens: 11 } });
      expect(final.output_text).toBe('The capital of France is Paris, on the Seine.');
      const record = await h.record(requestIdOf(final.id));
      expect(record).toMatchObject({ source: 'proxy:responses', stream: true, status: 'ok', usage: { inputTokens: 30, outputTokens: 11 } });
    });

    it('completes a tool round trip: function_call out, function_call_output back in, the answer after', async () => {
      const first = await openai.responses.create({ model, input: 'What is the weather in Paris?', tools: [WEATHER_TOOL], tool_choice: 'required' });
      const call = first.output.find((o) => o.type === 'function_call');
      expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":"mock"}', status: 'completed' });
      if (call?.type !== 'function_call') throw new Error('no function call');
      const tools = body(h.mock.requests[0]).tools;
      expect(JSON.stringify(tools)).toContain('get_weather');

      h.mock.enqueue({ kind: 'reply', reply: { text: 'It is 18 °C in Paris.' } });
      const input: ResponseInputItem[] = [{ role: 'user', content: 'What is the weather in Paris?' }, ...(first.output as ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: '{"celsius":18}' }];
      const second = await openai.responses.create({ model, input, tools: [WEATHER_TOOL] });
      expect(second.output_text).toBe('It is 18 °C in Paris.');

      const sent = JSON.stringify(body(h.mock.requests[1]).messages);
      // The call and its result reach the upstream under the same id, in its own wire format.
      if (model === ANTHROPIC_MODEL) {
        expect(sent).toContain(`"type":"tool_use","id":"${call.call_id}","name":"get_weather","input":{"city":"mock"}`);
        expect(sent).toContain(`"type":"tool_result","tool_use_id":"${call.call_id}"`);
      } else {
        expect(sent).toContain(`"tool_calls":[{"id":"${call.call_id}","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"mock\\"}"}}]`);
        expect(sent).toContain(`{"role":"tool","tool_call_id":"${call.call_id}","content":"{\\"celsius\\":18}"}`);
      }
    });

    it('streams a function call as output_item.added, argument deltas and their .done events', async () => {
      const { events, final } = await streamed(openai, { model, input: 'What is the weather in Paris?', tools: [WEATHER_TOOL], tool_choice: { type: 'function', name: 'get_weather' } });
      expect(shape(events)).toEqual(['response.created', 'response.in_progress', ...CALL_ITEM, 'response.completed']);
      const done = events.find((e) => e.type === 'response.function_call_arguments.done');
      expect(done).toMatchObject({ name: 'get_weather', arguments: '{"city":"mock"}' });
      expect(final.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'get_weather', arguments: '{"city":"mock"}', status: 'completed' })]);
    });

    it('streams text and several function calls as consecutive output items, and renders them whole alike', async () => {
      const reply = {
        text: 'Let me check both cities.',
        toolCalls: [
          { name: 'get_weather', arguments: '{"city":"Paris"}' },
          { name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      };
      h.mock.enqueue({ kind: 'reply', reply });
      const { events, final } = await streamed(openai, { model, input: 'Weather in Paris and Rome?', tools: [WEATHER_TOOL] });
      expect(shape(events)).toEqual(['response.created', 'response.in_progress', ...TEXT_ITEM, ...CALL_ITEM, ...CALL_ITEM, 'response.completed']);
      const added = events.filter((e) => e.type === 'response.output_item.added');
      expect(added.map((e) => e.output_index)).toEqual([0, 1, 2]);
      expect(final.output_text).toBe('Let me check both cities.');
      const calls = final.output.filter((o) => o.type === 'function_call');
      expect(calls.map((c) => c.arguments)).toEqual(['{"city":"Paris"}', '{"city":"Rome"}']);
      expect(new Set(final.output.map((o) => o.id)).size).toBe(3);

      h.mock.enqueue({ kind: 'reply', reply });
      const whole = await openai.responses.create({ model, input: 'Weather in Paris and Rome?', tools: [WEATHER_TOOL] });
      expect(whole.output.map((o) => o.type)).toEqual(['message', 'function_call', 'function_call']);
      expect(whole.output.map((o) => o.id)).toEqual(final.output.map((o) => o.id?.replace(requestIdOf(final.id), requestIdOf(whole.id))));
    });

    it('reports an answer cut by max_output_tokens as incomplete', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris is', finishReason: 'length' } });
      const res = await openai.responses.create({ model, input: SIMPLE, max_output_tokens: 16 });
      expect(res).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris is', finishReason: 'length' } });
      const { events } = await streamed(openai, { model, input: SIMPLE, max_output_tokens: 16 });
      expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete' } });
    });
  });

  describe('translation details', () => {
    it('asks an OpenAI-compatible model for JSON that follows the schema, and for the reasoning effort', async () => {
      const res = await openai.responses.create({ model: LOCAL_MODEL, input: 'Name a large city.', text: { format: CITY_SCHEMA }, reasoning: { effort: 'high' } });
      expect(body(h.mock.requests[0])).toMatchObject({
        reasoning_effort: 'high',
        response_format: { type: 'json_schema', json_schema: { name: 'city', schema: CITY_SCHEMA.schema, strict: true } },
      });
      expect(JSON.parse(res.output_text)).toEqual({ name: 'mock', population: 1 });
      expect(res.text).toEqual({ format: CITY_SCHEMA });
    });

    it("reports a compatible server's reasoning and cached tokens in the Responses usage", async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: '42', usage: { input: 80, output: 50, cached: 64, reasoning: 40 } } });
      const res = await openai.responses.create({ model: LOCAL_MODEL, input: 'Think hard: what is six times seven?' });
      expect(res.usage).toEqual({ input_tokens: 80, input_tokens_details: { cached_tokens: 64, cache_write_tokens: 0 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 40 }, total_tokens: 130 });
    });

    it('carries input images to the upstream as the images its API takes', async () => {
      const image = 'data:image/png;base64,iVBORw0KGgo=';
      await openai.responses.create({
        model: ANTHROPIC_MODEL,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is in this picture?' }, { type: 'input_image', image_url: image, detail: 'auto' }] }],
      });
      expect(body(h.mock.requests[0]).messages).toEqual([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
      ]);
    });

    it('relays reasoning items and item references to OpenAI, and leaves them out for other families', async () => {
      const input: ResponseInputItem[] = [
        { role: 'user', content: SIMPLE },
        { type: 'reasoning', id: 'rs_stored', summary: [], encrypted_content: 'gAAAAB-opaque' },
        { type: 'item_reference', id: 'msg_stored' },
        { type: 'message', id: 'msg_prev', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Paris.', annotations: [] }] },
        { role: 'user', content: 'And of Italy?' },
      ];
      await openai.responses.create({ model: 'gpt-4.1', input });
      expect(body(h.mock.requests[0]).input).toEqual(input);

      await openai.responses.create({ model: ANTHROPIC_MODEL, input });
      expect(body(h.mock.requests[1]).messages).toEqual([
        { role: 'user', content: [{ type: 'text', text: SIMPLE }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Paris.' }] },
        { role: 'user', content: [{ type: 'text', text: 'And of Italy?' }] },
      ]);
    });

    it('with MMROUTER_DEBUG set, says what a translated call leaves out', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      process.env.MMROUTER_DEBUG = '1';
      rereadDebugFlag();
      let lines: string[];
      try {
        await openai.responses.create({
          model: ANTHROPIC_MODEL,
          input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarise this file.' }, { type: 'input_file', file_id: 'file-abc' }] }],
          tools: [{ type: 'web_search' }, WEATHER_TOOL],
          prompt_cache_key: 'session-1',
        });
      } finally {
        delete process.env.MMROUTER_DEBUG;
        rereadDebugFlag();
        lines = logged.mock.calls.map((c) => String(c[0]));
        logged.mockRestore();
      }
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringContaining("loses the 'input_file' part at input[0].content[1]"),
          expect.stringContaining('loses tools[0] (web_search)'),
          expect.stringContaining('loses prompt_cache_key'),
        ]),
      );
      // What it could carry went through.
      expect(JSON.stringify(body(h.mock.requests[0]).tools)).toContain('get_weather');
    });

    it('asks an Anthropic model for JSON following the schema in its system prompt', async () => {
      await openai.responses.create({ model: ANTHROPIC_MODEL, input: 'Name a large city.', text: { format: CITY_SCHEMA } });
      const system = JSON.stringify(body(h.mock.requests[0]).system);
      expect(system).toContain('JSON Schema named \\"city\\"');
      expect(system).toContain('population');
    });

    it('classifies the last user input of an item list when the model is "auto"', async () => {
      const { response } = await openai.responses
        .create({ model: 'auto', input: [{ role: 'user', content: MEDIUM }, { role: 'assistant', content: 'def merge(a, b): ...' }, { role: 'user', content: [{ type: 'input_text', text: SIMPLE }] }] })
        .withResponse();
      expect(response.headers.get('x-mmrouter-complexity')).toBe('simple');
      expect(response.headers.get('x-mmrouter-model')).toBe(ANTHROPIC_MODEL);
    });
  });

  describe('errors', () => {
    it('names the offending field of a bad body in the API error shape', async () => {
      // A base URL without /v1 reaches the endpoint too.
      const noInput = await post(`${h.server.url}/responses`, { model: 'auto' });
      expect(noInput.status).toBe(400);
      expect(noInput.json).toMatchObject({ error: { type: 'invalid_request_error', param: 'input' } });

      const badItem = await post(`${h.openaiBase}/responses`, { model: 'auto', input: [{ role: 'user', content: 'hi' }, { type: 'function_call_output', output: '42' }] });
      expect(badItem.status).toBe(400);
      expect(badItem.json).toMatchObject({ error: { type: 'invalid_request_error', param: 'input[1].call_id' } });
      expect((badItem.json as { error: { message: string } }).error.message).toMatch(/^input\[1\]\.call_id: /);
      expect(h.mock.requests).toHaveLength(0);

      await expect(openai.responses.create({ model: 'auto', input: SIMPLE, max_output_tokens: -1 })).rejects.toMatchObject({ status: 400, param: 'max_output_tokens' });
    });

    it('refuses previous_response_id and store: true with what to send instead, and serves a request without store', async () => {
      const previous = openai.responses.create({ model: 'auto', input: SIMPLE, previous_response_id: 'resp_123' });
      await expect(previous).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
      await expect(previous).rejects.toThrow(/does not store responses.*whole conversation in `input`.*store: false/);
      await expect(openai.responses.create({ model: 'auto', input: SIMPLE, store: true })).rejects.toMatchObject({ status: 400, param: 'store' });
      expect(h.mock.requests).toHaveLength(0);

      // The SDK sends no `store` unless asked, which must not count as asking for storage.
      const res = await openai.responses.create({ model: 'auto', input: SIMPLE });
      expect(res.status).toBe('completed');
    });

    it('answers retrieve, delete and input_items of any id with a 404 the SDK raises', async () => {
      await expect(openai.responses.retrieve('resp_abc')).rejects.toMatchObject({ status: 404, error: { type: 'invalid_request_error' } });
      await expect(openai.responses.retrieve('resp_abc')).rejects.toThrow(/resp_abc.*not found.*does not store responses/);
      await expect(openai.responses.delete('resp_abc')).rejects.toMatchObject({ status: 404 });
      await expect(openai.responses.inputItems.list('resp_abc')).rejects.toMatchObject({ status: 404 });
      // Endpoints under /v1/responses/ that are not about a stored response are simply not offered.
      const compact = await post(`${h.openaiBase}/responses/compact`, { model: 'auto', input: SIMPLE });
      expect(compact.status).toBe(404);
      expect(compact.json).toMatchObject({ error: { message: 'no endpoint /v1/responses/compact' } });
    });

    it('needs the proxy key like every endpoint', async () => {
      const locked = await startProxy({ apiKey: 'proxy-key' }, 'rules', responsesConfig);
      try {
        const stranger = new OpenAI({ apiKey: 'wrong', baseURL: locked.openaiBase, maxRetries: 0 });
        await expect(stranger.responses.create({ model: 'auto', input: SIMPLE })).rejects.toMatchObject({ status: 401 });
        const owner = new OpenAI({ apiKey: 'proxy-key', baseURL: locked.openaiBase, maxRetries: 0 });
        expect((await owner.responses.create({ model: 'auto', input: SIMPLE })).status).toBe('completed');
      } finally {
        await locked.close();
      }
    });

    it('falls back across families when the relayed model fails: the fallback answers in the Responses shape', async () => {
      h.mock.enqueue({ kind: 'status', status: 500 }, { model: 'gpt-4.1' });
      const { data, response } = await openai.responses.create({ model: 'gpt-4.1', input: MEDIUM }).withResponse();
      expect(h.mock.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/messages']);
      expect(response.headers.get('x-mmrouter-fallback')).toBe('true');
      expect(data).toMatchObject({ id: `resp_${response.headers.get('x-mmrouter-request-id')}`, model: ANTHROPIC_MODEL, status: 'completed' });
      expect(data.output_text).toContain('Mock answer from claude-haiku-4-5');
    });

    it('answers in the API error shape when every model fails', async () => {
      h.mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 7 }, { times: 2 });
      const res = await post(`${h.openaiBase}/responses`, { model: 'gpt-4.1', input: MEDIUM });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
    });
  });
});

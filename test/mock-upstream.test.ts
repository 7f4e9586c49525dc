import Anthropic, { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import OpenAI, { APIError as OpenAIAPIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';

let mock: MockUpstream;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  mock = await startMockUpstream();
  // logLevel 'off': the malformed-body tests make the SDKs log parse failures we expect.
  openai = new OpenAI({ apiKey: 'sk-test-openai', baseURL: mock.openaiBaseUrl, maxRetries: 0, logLevel: 'off' });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.anthropicBaseUrl, maxRetries: 0, logLevel: 'off' });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const weatherSchema = {
  type: 'object' as const,
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' } },
  required: ['city', 'unit'],
};
const openaiWeatherTool = { type: 'function' as const, function: { name: 'get_weather', parameters: weatherSchema } };
const openaiOtherTool = { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };
const anthropicWeatherTool = { name: 'get_weather', input_schema: weatherSchema };

async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe('OpenAI chat completions', () => {
  it('answers non-streaming with a real chat.completion the SDK parses', async () => {
    const res = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
    });
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.choices[0]?.message.content).toBe('Mock answer from gpt-4o-mini to: What is the capital of France?');
    expect(res.choices[0]?.finish_reason).toBe('stop');
    // (9 + 30 characters) / 4, rounded up
    expect(res.usage).toMatchObject({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 0 } });
    expect(res.usage?.total_tokens).toBe((res.usage?.prompt_tokens ?? 0) + (res.usage?.completion_tokens ?? 0));

    expect(mock.requests).toHaveLength(1);
    const seen = mock.requests[0]!;
    expect(seen).toMatchObject({ family: 'openai', path: '/v1/chat/completions', model: 'gpt-4o-mini', stream: false });
    expect(seen.headers.authorization).toBe('Bearer sk-test-openai');
  });

  it('streams content deltas, a finish chunk and a usage chunk when include_usage is set', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Tell me a long story about a brave robot' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let deltas = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        text += choice.delta.content;
        deltas++;
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Mock answer from gpt-4o to: Tell me a long story about a brave robot');
    expect(deltas).toBeGreaterThan(1);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(Math.ceil(text.length / 4));
    expect(mock.requests[0]?.stream).toBe(true);
  });

  it('sends no usage chunk without include_usage', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.choices.length === 1 && !c.usage)).toBe(true);
  });

  it('streams a forced tool call whose argument pieces reassemble to valid JSON', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [openaiOtherTool, openaiWeatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      stream: true,
    });
    let name = '';
    let id = '';
    const argPieces: string[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const tc of chunk.choices[0]?.delta.tool_calls ?? []) {
        expect(tc.index).toBe(0);
        if (tc.id) id = tc.id;
        if (tc.function?.name) name = tc.function.name;
        if (tc.function?.arguments) argPieces.push(tc.function.arguments);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(id).toMatch(/^call_/);
    expect(name).toBe('get_weather');
    expect(argPieces.length).toBeGreaterThan(1);
    expect(JSON.parse(argPieces.join(''))).toEqual({ city: 'mock', unit: 'celsius' });
    expect(finish).toBe('tool_calls');
  });

  it("answers tool_choice 'required' with a call to the first tool, non-streaming and via the SDK's stream helper", async () => {
    const params = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'What time is it?' }],
      tools: [openaiOtherTool, openaiWeatherTool],
      tool_choice: 'required' as const,
    };
    const res = await openai.chat.completions.create(params);
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_time');
    expect(res.choices[0]?.message.content).toBeNull();

    const final = await openai.chat.completions.stream(params).finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({});
  });

  it('answers with text when tools are offered but not forced', async () => {
    const res = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello' }],
      tools: [openaiWeatherTool],
    });
    expect(res.choices[0]?.message.tool_calls).toBeUndefined();
    expect(res.choices[0]?.message.content).toContain('hello');
  });

  it('answers JSON mode and json_schema requests with valid JSON', async () => {
    const jsonObject = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Give me JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(jsonObject.choices[0]?.message.content ?? '')).toEqual({
      answer: 'Mock answer from gpt-4o-mini to: Give me JSON',
    });

    const schema = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Classify this' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'label',
          strict: true,
          schema: {
            type: 'object',
            properties: { complexity: { type: 'string', enum: ['simple', 'medium', 'complex'] }, confidence: { type: 'number' } },
            required: ['complexity', 'confidence'],
          },
        },
      },
    });
    expect(JSON.parse(schema.choices[0]?.message.content ?? '')).toEqual({ complexity: 'simple', confidence: 0 });
  });

  it('truncates at a small max_tokens and reports finish_reason length', async () => {
    const res = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Explain everything about the universe' }],
      max_completion_tokens: 3,
    });
    expect(res.choices[0]?.finish_reason).toBe('length');
    expect(res.choices[0]?.message.content).toHaveLength(12);
    expect(res.usage?.completion_tokens).toBe(3);
  });

  it('lists models', async () => {
    const ids = [];
    for await (const m of openai.models.list()) ids.push(m.id);
    expect(ids).toContain('gpt-4o-mini');
  });
});

describe('Anthropic messages', () => {
  it('answers non-streaming with a real message the SDK parses', async () => {
    const res = await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 200,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] }],
    });
    expect(res.id).toMatch(/^msg_/);
    expect(res.type).toBe('message');
    expect(res.content).toEqual([{ type: 'text', text: 'Mock answer from claude-haiku-4-5 to: What is the capital of France?' }]);
    expect(res.stop_reason).toBe('end_turn');
    expect(res.usage).toMatchObject({ input_tokens: 10, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });

    const seen = mock.requests[0]!;
    expect(seen).toMatchObject({ family: 'anthropic', path: '/v1/messages', model: 'claude-haiku-4-5', stream: false });
    // SDK 1.x sends the key as a Bearer token rather than x-api-key.
    expect(seen.headers.authorization ?? seen.headers['x-api-key']).toContain('sk-ant-test');
    expect(seen.headers['anthropic-version']).toBeDefined();
  });

  it('streams the real event sequence and messages.stream().finalMessage() assembles it', async () => {
    const raw = await anthropic.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Write a short poem about the sea' }],
      stream: true,
    });
    const types: string[] = [];
    for await (const ev of raw) types.push(ev.type);
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(1);
    expect(types).toContain('content_block_start');
    expect(types).toContain('content_block_stop');

    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Write a short poem about the sea' }],
    });
    let streamedText = '';
    stream.on('text', (delta) => (streamedText += delta));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'Mock answer from claude-sonnet-4-6 to: Write a short poem about the sea' }]);
    expect(streamedText).toBe('Mock answer from claude-sonnet-4-6 to: Write a short poem about the sea');
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.input_tokens).toBe(8);
    expect(final.usage.output_tokens).toBe(Math.ceil(streamedText.length / 4));
  });

  it('answers a forced tool with a tool_use block, streamed as input_json_delta pieces', async () => {
    const params = {
      model: 'claude-haiku-4-5',
      max_tokens: 200,
      messages: [{ role: 'user' as const, content: 'Weather in Paris?' }],
      tools: [{ name: 'get_time', input_schema: { type: 'object' as const } }, anthropicWeatherTool],
      tool_choice: { type: 'tool' as const, name: 'get_weather' },
    };
    const res = await anthropic.messages.create(params);
    expect(res.stop_reason).toBe('tool_use');
    const block = res.content[0];
    expect(block?.type === 'tool_use' && block).toMatchObject({ name: 'get_weather', input: { city: 'mock', unit: 'celsius' } });
    expect(block?.type === 'tool_use' && block.id).toMatch(/^toolu_/);

    const jsonPieces: string[] = [];
    const stream = anthropic.messages.stream(params);
    stream.on('inputJson', (partial) => jsonPieces.push(partial));
    const final = await stream.finalMessage();
    expect(jsonPieces.length).toBeGreaterThan(1);
    const streamedBlock = final.content[0];
    expect(streamedBlock?.type === 'tool_use' && streamedBlock.input).toEqual({ city: 'mock', unit: 'celsius' });
    expect(final.stop_reason).toBe('tool_use');
  });

  it("answers tool_choice 'any' with a call to the first tool", async () => {
    const res = await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [anthropicWeatherTool],
      tool_choice: { type: 'any' },
    });
    expect(res.content[0]?.type === 'tool_use' && res.content[0].name).toBe('get_weather');
  });

  it('reports max_tokens when the answer is cut short', async () => {
    const res = await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 2,
      messages: [{ role: 'user', content: 'Explain everything' }],
    });
    expect(res.stop_reason).toBe('max_tokens');
    expect(res.usage.output_tokens).toBe(2);
  });
});

describe('scripted replies', () => {
  it('reports cached tokens in each family’s own usage fields', async () => {
    const reply = { text: 'cached!', usage: { input: 1000, output: 5, cached: 800, cacheWrite: 150 } };
    mock.enqueue({ kind: 'reply', reply });
    const o = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(o.choices[0]?.message.content).toBe('cached!');
    expect(o.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 800 } });

    mock.enqueue({ kind: 'reply', reply });
    const a = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    // Anthropic's input_tokens excludes cache reads and writes.
    expect(a.usage).toMatchObject({ input_tokens: 50, cache_read_input_tokens: 800, cache_creation_input_tokens: 150, output_tokens: 5 });

    mock.enqueue({ kind: 'reply', reply });
    const s = await anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect(s.usage).toMatchObject({ input_tokens: 50, cache_read_input_tokens: 800, cache_creation_input_tokens: 150, output_tokens: 5 });
  });

  it('plays scripted tool calls in order, streamed', async () => {
    mock.enqueue({
      kind: 'reply',
      reply: { text: 'Let me check.', toolCalls: [{ name: 'a', arguments: '{"q":1}' }, { name: 'b', arguments: '{"q":2}' }] },
    });
    const final = await openai.chat.completions
      .stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    const msg = final.choices[0]?.message;
    expect(msg?.content).toBe('Let me check.');
    expect(msg?.tool_calls?.map((t) => (t.type === 'function' ? [t.function.name, t.function.arguments] : []))).toEqual([
      ['a', '{"q":1}'],
      ['b', '{"q":2}'],
    ]);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('consumes queued faults per model, and `times` repeats one', async () => {
    mock.enqueue({ kind: 'status', status: 503 }, { model: 'gpt-4o', times: 2 });
    const ok = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    expect(ok.choices[0]?.message.content).toContain('gpt-4o-mini');
    for (let i = 0; i < 2; i++) {
      const err = await rejectionOf(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
      expect(err).toBeInstanceOf(OpenAI.InternalServerError);
      expect((err as OpenAIAPIError).status).toBe(503);
    }
    const after = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(after.choices[0]?.finish_reason).toBe('stop');
    expect(mock.requests.map((r) => r.model)).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4o', 'gpt-4o']);
  });

  it('answers normally after a delay fault', async () => {
    mock.enqueue({ kind: 'delay', ms: 30 });
    const res = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    expect(res.stop_reason).toBe('end_turn');
  });
});

describe('errors the SDKs surface', () => {
  it('429 with retry-after reaches the SDK as RateLimitError, and its retry honours the header', async () => {
    mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    const err = await rejectionOf(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as OpenAIAPIError;
    expect(e.status).toBe(429);
    expect(e.headers?.get('retry-after')).toBe('7');
    expect(e.code).toBe('rate_limit_exceeded');

    mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 3 });
    const aerr = await rejectionOf(anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }));
    expect(aerr).toBeInstanceOf(Anthropic.RateLimitError);
    expect((aerr as AnthropicAPIError).headers?.get('retry-after')).toBe('3');
    expect((aerr as AnthropicAPIError).type).toBe('rate_limit_error');

    // retry-after: 0 lets the SDK retry at once; the fault is consumed, so the retry succeeds.
    mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 0 });
    const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseUrl, maxRetries: 1 });
    const res = await retrying.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(res.choices[0]?.finish_reason).toBe('stop');
  });

  it('529 reaches the Anthropic SDK as an APIError with status 529 and overloaded_error', async () => {
    mock.enqueue({ kind: 'status', status: 529 });
    const err = await rejectionOf(anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }));
    expect(err).toBeInstanceOf(Anthropic.APIError);
    const e = err as AnthropicAPIError;
    expect(e.status).toBe(529);
    expect(e.type).toBe('overloaded_error');
    expect(e.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(e.requestID).toMatch(/^req_/);
  });

  it('500 in each family’s error shape, and a custom body passes through', async () => {
    mock.enqueue({ kind: 'status', status: 500 });
    const o = await rejectionOf(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(o).toBeInstanceOf(OpenAI.InternalServerError);
    expect((o as OpenAIAPIError).type).toBe('server_error');

    mock.enqueue({ kind: 'status', status: 500 });
    const a = await rejectionOf(anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }));
    expect(a).toBeInstanceOf(Anthropic.InternalServerError);
    expect((a as AnthropicAPIError).type).toBe('api_error');

    mock.enqueue({ kind: 'status', status: 400, body: { error: { message: 'context too long', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } });
    const c = await rejectionOf(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(c).toBeInstanceOf(OpenAI.BadRequestError);
    expect((c as OpenAIAPIError).code).toBe('context_length_exceeded');
  });

  it('a hanging request is ended by the SDK timeout or an AbortSignal', async () => {
    mock.enqueue({ kind: 'hang' });
    const timedOut = await rejectionOf(
      openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { timeout: 100 }),
    );
    expect(timedOut).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);

    mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(pending)).toBeInstanceOf(Anthropic.APIUserAbortError);
  });

  it('a connection dropped mid-stream surfaces as an error while iterating', async () => {
    mock.enqueue({ kind: 'drop', when: 'mid-stream' });
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    const received: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(err).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);

    mock.enqueue({ kind: 'drop', when: 'mid-stream' });
    const a = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    expect(await rejectionOf(a.finalMessage())).toBeInstanceOf(Error);

    mock.enqueue({ kind: 'drop', when: 'mid-stream' });
    expect(await rejectionOf(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }))).toBeInstanceOf(Error);
  });

  it('a connection dropped before headers is a connection error', async () => {
    mock.enqueue({ kind: 'drop', when: 'before-headers' });
    const err = await rejectionOf(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(err).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('a malformed 200 body fails the call, streaming or not', async () => {
    mock.enqueue({ kind: 'malformed' });
    expect(await rejectionOf(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }))).toBeInstanceOf(Error);

    mock.enqueue({ kind: 'malformed' });
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    expect(
      await rejectionOf(
        (async () => {
          for await (const _ of stream);
        })(),
      ),
    ).toBeInstanceOf(SyntaxError);

    mock.enqueue({ kind: 'malformed' });
    const a = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    expect(await rejectionOf(a.finalMessage())).toBeInstanceOf(Error);
  });

  it('rejects a missing key with 401 and invalid JSON with 400, in each family’s shape, without echoing keys', async () => {
    const noKeyOpenai = await fetch(`${mock.openaiBaseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    expect(noKeyOpenai.status).toBe(401);
    expect(await noKeyOpenai.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null } });

    const noKeyAnthropic = await fetch(`${mock.anthropicBaseUrl}/v1/messages`, { method: 'POST', body: '{}' });
    expect(noKeyAnthropic.status).toBe(401);
    expect(await noKeyAnthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    const xApiKey = await fetch(`${mock.anthropicBaseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-secret', 'content-type': 'application/json' },
      body: '{"model": "claude-haiku-4-5", "messages": [',
    });
    expect(xApiKey.status).toBe(400);
    expect(xApiKey.headers.get('request-id')).toMatch(/^req_/);
    const text = await xApiKey.text();
    expect(JSON.parse(text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(text).not.toContain('sk-ant-secret');
  });
});

describe('server lifecycle', () => {
  it('close() ends hanging connections and resolves', async () => {
    const own = await startMockUpstream({ record: false, latencyMs: 5 });
    own.enqueue({ kind: 'hang' });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: own.openaiBaseUrl, maxRetries: 0 });
    const pending = client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    const settled = rejectionOf(pending);
    await new Promise((r) => setTimeout(r, 50));
    await own.close();
    expect(await settled).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(own.requests).toEqual([]);
  });
});

describe('OpenAI Responses API', () => {
  it('answers with a response object the SDK reads, instructions and input counted as input', async () => {
    const res = await openai.responses.create({ model: 'gpt-4.1', instructions: 'Be brief.', input: [{ role: 'user', content: 'What is the capital of France?' }] });
    expect(res).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4.1', output: [{ type: 'message', role: 'assistant', status: 'completed' }] });
    expect(res.id).toMatch(/^resp_/);
    expect(res.output_text).toBe('Mock answer from gpt-4.1 to: What is the capital of France?');
    // (9 + 30 characters) / 4, rounded up
    expect(res.usage).toMatchObject({ input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } });
    expect(mock.requests[0]).toMatchObject({ family: 'openai', path: '/v1/responses', model: 'gpt-4.1', stream: false });
  });

  it('streams typed events the SDK helper accepts, tool calls included, with the final usage', async () => {
    mock.enqueue({ kind: 'reply', reply: { text: 'Checking the weather for you now.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }], usage: { input: 12, output: 9 } } });
    const stream = openai.responses.stream({ model: 'gpt-4.1', input: 'Weather in Paris?', tools: [{ type: 'function', name: 'get_weather', parameters: weatherSchema, strict: false }] });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();

    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types).toContain('response.function_call_arguments.done');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.output_text).toBe('Checking the weather for you now.');
    expect(final.output[1]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' });
    expect(final.usage).toMatchObject({ input_tokens: 12, output_tokens: 9, total_tokens: 21 });
  });

  it('calls the tool that tool_choice names, with arguments that fit its schema', async () => {
    const res = await openai.responses.create({
      model: 'gpt-4.1',
      input: 'Weather?',
      tools: [{ type: 'function', name: 'get_weather', parameters: weatherSchema, strict: false }],
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    expect(res.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'get_weather', arguments: '{"city":"mock","unit":"celsius"}' })]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../src-shared/chat';
import { TRANSLATED_API_VERSION } from '../src-main/core/providers/anthropic-request';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';
import { OPTS, TEST_ENV, TEST_KEY, ask, collect, doneOf, lastBody, providerFor } from './support/provider-harness';

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const TOOL = { name: 'lookup', description: 'Look something up', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } };
const SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
const LONG_SYSTEM = 'You are a meticulous assistant. Follow the house style guide. '.repeat(300); // ≈ 18,300 chars ≈ 4,600 tokens: past Haiku 4.5's minimum

describe('OpenAI chat completions wire', () => {
  const full: ChatRequest = {
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] },
    ],
    tools: [TOOL],
    toolChoice: { name: 'lookup' },
    parallelToolCalls: false,
    responseFormat: { type: 'json_schema', name: 'answer', schema: SCHEMA, strict: true },
    maxTokens: 321,
    temperature: 0.2,
    topP: 0.9,
    stop: ['END'],
    seed: 7,
    user: 'user-42',
  };

  it('sends every parameter in its OpenAI name, with max_completion_tokens for OpenAI itself', async () => {
    await providerFor(mock, 'openai').complete('gpt-4o-mini', full, OPTS);
    const body = lastBody(mock);
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Look something up', parameters: TOOL.parameters } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: SCHEMA, strict: true } },
      max_completion_tokens: 321,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      user: 'user-42',
    });
  });

  it('sends max_tokens to compatible servers and Gemini, and the config default when the request has none', async () => {
    await providerFor(mock, 'openai-compatible').complete('llama3', ask('hi'), { ...OPTS, defaultMaxTokens: 99 });
    expect(lastBody(mock).max_tokens).toBe(99);
    expect(lastBody(mock).max_completion_tokens).toBeUndefined();
    await providerFor(mock, 'google').complete('gemini-2.5-flash', ask('hi', { maxTokens: 12 }), OPTS);
    expect(lastBody(mock).max_tokens).toBe(12);
    expect(mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('omits tool_choice and parallel_tool_calls when no tools are sent, and json_object passes through', async () => {
    await providerFor(mock, 'openai').complete('gpt-4o-mini', ask('hi', { toolChoice: 'auto', parallelToolCalls: true, responseFormat: { type: 'json_object' } }), OPTS);
    const body = lastBody(mock);
    expect(body.tool_choice).toBeUndefined();
    expect(body.parallel_tool_calls).toBeUndefined();
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(JSON.parse((await providerFor(mock, 'openai').complete('gpt-4o-mini', ask('hi', { responseFormat: { type: 'json_object' } }), OPTS)).text)).toBeTypeOf('object');
  });

  it('sends a reasoning effort to OpenAI reasoning models only, in the levels every one of them takes, and to compatible servers as given', async () => {
    await providerFor(mock, 'openai').complete('o4-mini', ask('hi', { reasoningEffort: 'max' }), OPTS);
    expect(lastBody(mock).reasoning_effort).toBe('high');
    await providerFor(mock, 'openai').complete('gpt-5-mini', ask('hi', { reasoningEffort: 'medium' }), OPTS);
    expect(lastBody(mock).reasoning_effort).toBe('medium');
    await providerFor(mock, 'openai').complete('gpt-4o-mini', ask('hi', { reasoningEffort: 'high' }), OPTS);
    expect(lastBody(mock)).not.toHaveProperty('reasoning_effort');
    await providerFor(mock, 'openai-compatible').complete('qwen3', ask('hi', { reasoningEffort: 'xhigh' }), OPTS);
    expect(lastBody(mock).reasoning_effort).toBe('xhigh');
  });

  it('asks for usage in streams', async () => {
    const done = doneOf(await collect(providerFor(mock, 'openai').stream('gpt-4o-mini', ask('hi'), OPTS)));
    expect(lastBody(mock)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(done.usage.inputTokens).toBeGreaterThan(0);
  });

  it("bills OpenAI calls to the organization and project in OpenAI's variables, relayed or translated; configured headers win", async () => {
    const env = { ...TEST_ENV, OPENAI_ORG_ID: 'org-team', OPENAI_PROJECT_ID: 'proj_search' };
    const openai = providerFor(mock, 'openai', {}, env);
    await openai.complete('gpt-4o-mini', ask('hi'), OPTS);
    const body = { model: 'auto', messages: [{ role: 'user', content: 'hi' }] };
    await openai.natives?.openai?.complete('gpt-4o-mini', { api: 'openai', body, received: Buffer.from(JSON.stringify(body)), headers: {} }, OPTS);
    for (const r of mock.requests.slice(-2)) expect([r.headers['openai-organization'], r.headers['openai-project']]).toEqual(['org-team', 'proj_search']);

    await providerFor(mock, 'openai', { headers: { 'OpenAI-Project': 'proj_other' } }, env).complete('gpt-4o-mini', ask('hi'), OPTS);
    expect(mock.requests.at(-1)?.headers['openai-project']).toBe('proj_other');
    // Not OpenAI's account: a compatible server gets neither.
    await providerFor(mock, 'openai-compatible', {}, env).complete('llama3', ask('hi'), OPTS);
    expect(mock.requests.at(-1)?.headers['openai-organization']).toBeUndefined();
  });

  it('reaches a keyless local server with a placeholder key, plus configured headers', async () => {
    const local = providerFor(mock, 'openai-compatible', { headers: { 'HTTP-Referer': 'https://mmrouter.dev', 'X-Title': 'mmrouter' } }, {});
    const res = await local.complete('llama3', ask('hi'), OPTS);
    expect(res.text).toContain('Mock answer from llama3');
    const headers = mock.requests.at(-1)?.headers ?? {};
    expect(headers.authorization).toBe('Bearer not-needed');
    expect(headers['http-referer']).toBe('https://mmrouter.dev');
    expect(headers['x-title']).toBe('mmrouter');
  });

  it('an openai-compatible provider without base_url fails at call time with a config error', async () => {
    const p = providerFor(mock, 'openai-compatible', { baseUrl: undefined }, {});
    await expect(p.complete('llama3', ask('hi'), OPTS)).rejects.toMatchObject({ errorClass: 'config', message: expect.stringContaining('base_url') });
  });
});

describe('Anthropic messages wire', () => {
  const anthropic = () => providerFor(mock, 'anthropic');

  it('sends the key, the API version its bodies are written for and configured headers, nothing of the SDKs', async () => {
    await providerFor(mock, 'anthropic', { headers: { 'X-Team': 'search' } }).complete('claude-haiku-4-5', ask('hi'), OPTS);
    const headers = mock.requests.at(-1)?.headers ?? {};
    expect(headers['x-api-key']).toBe(TEST_KEY);
    expect(headers['anthropic-version']).toBe(TRANSLATED_API_VERSION);
    expect(headers['x-team']).toBe('search');
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBeUndefined();
    expect(Object.keys(headers).filter((h) => h.startsWith('x-stainless'))).toEqual([]);
  });

  it('moves system messages to system blocks, merges same-role turns, and maps stop, user and tool choice', async () => {
    await anthropic().complete(
      'claude-haiku-4-5',
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'First question.' },
          { role: 'user', content: [{ type: 'text', text: 'And a second.' }, { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' }] },
        ],
        tools: [TOOL],
        toolChoice: 'required',
        parallelToolCalls: false,
        stop: ['END'],
        user: 'user-42',
        temperature: 0.3,
      },
      OPTS,
    );
    expect(lastBody(mock)).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 4096,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'First question.' },
            { type: 'text', text: 'And a second.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          ],
        },
      ],
      tools: [{ name: 'lookup', description: 'Look something up', input_schema: TOOL.parameters }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
    });
  });

  it('keeps a mid-conversation system message as system text, in order after the first', async () => {
    await anthropic().complete('claude-haiku-4-5', { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'system', content: 'Reminder.' }] }, OPTS);
    expect(lastBody(mock)).toMatchObject({ system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Reminder.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
  });

  it('turns a reasoning effort into a thinking budget within half the output limit, where the API allows thinking', async () => {
    await anthropic().complete('claude-sonnet-4-6', ask('hi', { reasoningEffort: 'high', maxTokens: 64000 }), OPTS);
    expect(lastBody(mock).thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    await anthropic().complete('claude-sonnet-4-6', ask('hi', { reasoningEffort: 'high' }), OPTS);
    expect(lastBody(mock).thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    const without = [
      ['claude-3-5-haiku-latest', ask('hi', { reasoningEffort: 'high' })],
      ['claude-sonnet-4-6', ask('hi', { reasoningEffort: 'high', maxTokens: 1500 })],
      ['claude-sonnet-4-6', ask('hi', { reasoningEffort: 'low', tools: [TOOL], toolChoice: 'required' })],
      ['claude-sonnet-4-6', { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, toolCalls: [{ id: 'c', name: 'lookup', arguments: '{}' }] }, { role: 'tool', toolCallId: 'c', content: 'x' }], reasoningEffort: 'low' }],
    ] as const;
    for (const [model, req] of without) {
      await anthropic().complete(model, req as ChatRequest, OPTS);
      expect(lastBody(mock)).not.toHaveProperty('thinking');
    }
  });

  it('sends max_tokens from the request, else the config default, else 4096', async () => {
    await anthropic().complete('claude-haiku-4-5', ask('hi', { maxTokens: 50 }), { ...OPTS, defaultMaxTokens: 800 });
    expect(lastBody(mock).max_tokens).toBe(50);
    await anthropic().complete('claude-haiku-4-5', ask('hi'), { ...OPTS, defaultMaxTokens: 800 });
    expect(lastBody(mock).max_tokens).toBe(800);
  });

  it('maps tool choices auto, none and a named tool', async () => {
    for (const [toolChoice, wire] of [
      ['auto', { type: 'auto' }],
      ['none', { type: 'none' }],
      [{ name: 'lookup' }, { type: 'tool', name: 'lookup' }],
    ] as const) {
      await anthropic().complete('claude-haiku-4-5', ask('hi', { tools: [TOOL], toolChoice }), OPTS);
      expect(lastBody(mock).tool_choice).toEqual(wire);
    }
  });

  it('asks for JSON in the system prompt, with the schema', async () => {
    await anthropic().complete('claude-haiku-4-5', ask('hi', { responseFormat: { type: 'json_schema', name: 'answer', schema: SCHEMA } }), OPTS);
    const system = lastBody(mock).system as { text: string }[];
    expect(system).toHaveLength(1);
    expect(system[0]?.text).toContain('JSON');
    expect(system[0]?.text).toContain(JSON.stringify(SCHEMA));
  });

  it('marks a long system prompt for prompt caching, and not tools too short to cache on their own', async () => {
    await anthropic().complete(
      'claude-haiku-4-5',
      { messages: [{ role: 'system', content: LONG_SYSTEM }, { role: 'user', content: 'hi' }], tools: [TOOL, { ...TOOL, name: 'lookup2' }] },
      OPTS,
    );
    const body = lastBody(mock);
    expect(body.system).toEqual([{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }]);
    expect(JSON.stringify(body.tools)).not.toContain('cache_control');
  });

  it('does not mark a short system prompt', async () => {
    await anthropic().complete('claude-haiku-4-5', { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], tools: [TOOL] }, OPTS);
    const body = lastBody(mock);
    expect(JSON.stringify(body)).not.toContain('cache_control');
  });

  it('sends a failed tool result with is_error', async () => {
    await anthropic().complete(
      'claude-haiku-4-5',
      {
        messages: [
          { role: 'user', content: 'look it up' },
          { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' }] },
          { role: 'tool', toolCallId: 'toolu_1', content: 'service down', isError: true },
        ],
        tools: [TOOL],
      },
      OPTS,
    );
    expect((lastBody(mock).messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'service down' }], is_error: true }] },
    ]);
  });
});

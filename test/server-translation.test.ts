import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../src-shared/chat';
import type { RouteDecision } from '../src-shared/routing';
import type { RouteResult, RouterStreamEvent } from '../src-main/core/router/types';
import { parseMessagesRequest } from '../src-main/server/anthropic/request';
import { anthropicMessage } from '../src-main/server/anthropic/response';
import { AnthropicStreamEncoder } from '../src-main/server/anthropic/stream';
import { parseChatCompletionRequest } from '../src-main/server/openai/request';
import { chatCompletion } from '../src-main/server/openai/response';
import { OpenAIStreamEncoder } from '../src-main/server/openai/stream';
import type { StreamEncoder } from '../src-main/server/stream-encoder';

const decision: RouteDecision = {
  requestId: 'req_abc',
  requestedModel: 'auto',
  classification: { complexity: 'simple', category: 'code', confidence: 0.9, strategy: 'rules' },
  tier: 'simple',
  candidates: ['cheap'],
  model: 'cheap',
  provider: 'openai',
  attempts: [],
  escalated: false,
  fallback: false,
  reasons: [],
};

function resultOf(response: Partial<ChatResponse>): RouteResult {
  const full: ChatResponse = {
    id: 'up_1',
    model: 'gpt-4o-mini',
    text: '',
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 30, cacheWriteTokens: 10 },
    ...response,
  };
  return {
    decision,
    response: full,
    record: {
      id: 'req_abc', ts: 0, source: 'test', requestedModel: 'auto', complexity: 'simple', category: 'code', confidence: 0.9, strategy: 'rules',
      model: 'cheap', provider: 'openai', upstreamModel: 'gpt-4o-mini', attempts: [], escalated: false, fallback: false, stream: false,
      usage: full.usage, costUsd: 0.0001, baselineCostUsd: 0.001, latencyMs: 1, ttftMs: null, status: 'ok', errorClass: null, prompt: null, response: null,
    },
  };
}

function parseOk<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

/** Runs an encoder over router events and returns the SSE payloads it wrote, parsed. */
function encode(encoder: StreamEncoder, events: RouterStreamEvent[]): { event?: string; data: unknown }[] {
  let text = '';
  for (const e of events) {
    if (e.type === 'start') text += encoder.start(e.decision);
    else if (e.type === 'end') text += encoder.end(e.result);
    else if (e.type === 'raw') text += e.data;
    else text += encoder.delta(e);
  }
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      return { ...(event ? { event } : {}), data: data === '[DONE]' ? '[DONE]' : JSON.parse(data) };
    });
}

describe('OpenAI chat completions request → neutral', () => {
  it('maps every message role, images, tool calls and sampling options', () => {
    const { value } = parseOk(
      parseChatCompletionRequest({
        model: 'auto',
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K', detail: 'low' } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'found' },
        ],
        tools: [{ type: 'function', function: { name: 'lookup', description: 'Search', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
        tool_choice: { type: 'function', function: { name: 'lookup' } },
        parallel_tool_calls: false,
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
        max_tokens: 50,
        max_completion_tokens: 80,
        stop: 'END',
        seed: 7,
        user: 'u1',
        temperature: 0.2,
        top_p: null,
        n: 1,
        stream: true,
        stream_options: { include_usage: true },
        some_future_field: { nested: true },
      }),
    );
    expect(value).toMatchObject({ model: 'auto', stream: true, includeUsage: true });
    expect(value.chat).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0K' }] },
        { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }] },
        { role: 'tool', toolCallId: 'call_1', content: 'found' },
      ],
      tools: [{ name: 'lookup', description: 'Search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
      toolChoice: { name: 'lookup' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      maxTokens: 80,
      stop: ['END'],
      seed: 7,
      user: 'u1',
      temperature: 0.2,
    });
  });

  it('accepts json_object mode and remote image URLs', () => {
    const { value } = parseOk(
      parseChatCompletionRequest({ model: 'cheap', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }], response_format: { type: 'json_object' } }),
    );
    expect(value.chat.responseFormat).toEqual({ type: 'json_object' });
    expect(value.chat.messages[0]).toEqual({ role: 'user', content: [{ type: 'image', url: 'https://x.test/a.png' }] });
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'hi' }] }, 'model'],
    [{ model: 'auto' }, 'messages'],
    [{ model: 'auto', messages: [] }, 'messages'],
    [{ model: 'auto', messages: [{ role: 'user', content: 42 }] }, 'messages[0].content'],
    [{ model: 'auto', messages: [{ content: 'hi' }] }, 'messages[0].role'],
    [{ model: 'auto', messages: [{ role: 'user', content: 'hi' }], n: 2 }, 'n'],
    [{ model: 'auto', messages: [{ role: 'user', content: 'hi' }], max_tokens: -1 }, 'max_tokens'],
  ])('rejects %j with a 400 naming %s', (body, param) => {
    const r = parseChatCompletionRequest(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ status: 400, kind: 'invalid_request', param });
  });

  it('accepts roles, parts, tools and fields it cannot translate, and leaves them out of the neutral request', () => {
    const { value } = parseOk(
      parseChatCompletionRequest({
        model: 'auto',
        messages: [
          { role: 'developer', content: [{ type: 'text', text: 'Be terse.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Listen:' }, { type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }, { type: 'file', file: { file_id: 'f1' } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'grep', input: 'x' } }, { id: 'c2', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'function', name: 'legacy', content: 'old' },
          { role: 'critic', content: 'unknown role' },
        ],
        tools: [{ type: 'custom', custom: { name: 'grep' } }, { type: 'function', function: { name: 'f' } }],
        tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } },
        response_format: { type: 'grammar', grammar: 'x' },
        temperature: 'hot',
        reasoning_effort: 'high',
        verbosity: 'low',
        prompt_cache_key: 'k',
      }),
    );
    expect(value.chat).toEqual({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Listen:' }] },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c2', name: 'f', arguments: '{}' }] },
      ],
      tools: [{ name: 'f', parameters: { type: 'object', properties: {} } }],
      reasoningEffort: 'high',
    });
  });
});

describe('Anthropic messages request → neutral', () => {
  it('splits tool results out of user turns and keeps tool_use in assistant turns', () => {
    const { value } = parseOk(
      parseMessagesRequest({
        model: 'auto',
        max_tokens: 1024,
        system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'abc' } }] },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: '20C' }], is_error: false }, { type: 'text', text: 'Thanks' }] },
        ],
        tools: [{ name: 'weather', description: 'Get weather', input_schema: { type: 'object' } }],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
        stop_sequences: ['###'],
        temperature: 0.5,
        top_k: 3,
        metadata: { user_id: 'u9' },
        stream: true,
      }),
    );
    expect(value).toMatchObject({ model: 'auto', stream: true });
    expect(value.chat).toEqual({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', mediaType: 'image/jpeg', data: 'abc' }] },
        { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'tu_1', name: 'weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'tu_1', content: [{ type: 'text', text: '20C' }] },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
      tools: [{ name: 'weather', description: 'Get weather', parameters: { type: 'object' } }],
      toolChoice: 'required',
      parallelToolCalls: false,
      maxTokens: 1024,
      stop: ['###'],
      temperature: 0.5,
      user: 'u9',
    });
  });

  it('tolerates a missing max_tokens and marks failed tool results', () => {
    const { value } = parseOk(
      parseMessagesRequest({ model: 'auto', messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'boom', is_error: true }] }] }),
    );
    expect(value.chat.maxTokens).toBeUndefined();
    expect(value.chat.messages).toEqual([{ role: 'tool', toolCallId: 't', content: 'boom', isError: true }]);
  });

  it.each([
    [{ model: 'auto', max_tokens: 10, messages: [] }, 'messages'],
    [{ model: 'auto', max_tokens: 10, messages: [{ content: 'x' }] }, 'messages[0].role'],
    [{ model: 'auto', max_tokens: 'ten', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
    [{ model: 'auto', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 'stream'],
  ])('rejects %j with a 400 naming %s', (body, param) => {
    const r = parseMessagesRequest(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ status: 400, param });
  });

  it("accepts Claude Code's mid-conversation system messages, thinking settings and block types it cannot translate", () => {
    const { value } = parseOk(
      parseMessagesRequest({
        model: 'auto',
        max_tokens: 32000,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Name three colors' }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } }] },
          { role: 'system', content: [{ type: 'text', text: 'Reminder: be brief.' }] },
          { role: 'assistant', content: [{ type: 'server_tool_use', id: 's1', name: 'web_search', input: {} }, { type: 'text', text: 'Red.' }] },
          { role: 'narrator', content: 'unknown role' },
        ],
        tools: [{ type: 'web_search_20250305', name: 'web_search' }, { name: 'Read', input_schema: { type: 'object' }, defer_loading: true }],
        tool_choice: { type: 'tool' },
        thinking: { type: 'adaptive', display: 'omitted' },
        output_config: { effort: 'high' },
        context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
        metadata: { user_id: 42 },
        temperature: 7,
      }),
    );
    expect(value.chat).toEqual({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Name three colors' }] },
        { role: 'system', content: 'Reminder: be brief.' },
        { role: 'assistant', content: 'Red.' },
      ],
      tools: [{ name: 'Read', parameters: { type: 'object' } }],
      maxTokens: 32000,
      temperature: 7,
      reasoningEffort: 'high',
    });
  });

  it.each([
    [{ type: 'enabled', budget_tokens: 2048 }, undefined, 'low'],
    [{ type: 'enabled', budget_tokens: 31999 }, undefined, 'high'],
    [{ type: 'adaptive' }, undefined, undefined],
    [{ type: 'disabled' }, { effort: 'high' }, undefined],
    [undefined, { effort: 'medium' }, 'medium'],
  ])('reads thinking %j with output_config %j as reasoning effort %s', (thinking, output_config, effort) => {
    const { value } = parseOk(parseMessagesRequest({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], thinking, output_config }));
    expect(value.chat.reasoningEffort).toBe(effort);
  });
});

describe('neutral response → wire', () => {
  it('renders an OpenAI chat.completion with tool calls and cached-token usage', () => {
    const body = chatCompletion(resultOf({ text: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a":1}' }], finishReason: 'tool_calls' }));
    expect(body).toMatchObject({
      id: 'chatcmpl-req_abc',
      object: 'chat.completion',
      model: 'cheap',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] } }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 30 } },
    });
  });

  it('renders an Anthropic message whose input_tokens exclude cache reads and writes', () => {
    const body = anthropicMessage(resultOf({ text: 'Sure.', toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a":1}' }], finishReason: 'tool_calls' }));
    expect(body).toEqual({
      id: 'msg_req_abc',
      type: 'message',
      role: 'assistant',
      model: 'cheap',
      content: [{ type: 'text', text: 'Sure.' }, { type: 'tool_use', id: 'c1', name: 'f', input: { a: 1 } }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 60, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 10 },
    });
  });

  it('maps a length stop to max_tokens', () => {
    expect(anthropicMessage(resultOf({ text: 'abc', finishReason: 'length' }))).toMatchObject({ stop_reason: 'max_tokens' });
  });
});

describe('stream encoders', () => {
  const events: RouterStreamEvent[] = [
    { type: 'start', decision },
    { type: 'text', delta: 'Let me ' },
    { type: 'text', delta: 'check.' },
    { type: 'tool_call_start', index: 0, id: 'c1', name: 'f' },
    { type: 'tool_call_delta', index: 0, argumentsDelta: '{"a":' },
    { type: 'tool_call_delta', index: 0, argumentsDelta: '1}' },
    { type: 'end', result: resultOf({ text: 'Let me check.', toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a":1}' }], finishReason: 'tool_calls' }) },
  ];

  it('writes OpenAI chunks, a usage chunk when asked, then [DONE]', () => {
    const out = encode(new OpenAIStreamEncoder(true), events);
    const deltas = out.slice(0, -2).map((c) => (c.data as { choices: { delta: unknown; finish_reason: unknown }[] }).choices[0]);
    expect(deltas).toEqual([
      { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'Let me ' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'check.' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'f', arguments: '' } }] }, logprobs: null, finish_reason: null },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }, logprobs: null, finish_reason: null },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' },
    ]);
    expect(out.at(-2)?.data).toMatchObject({ id: 'chatcmpl-req_abc', object: 'chat.completion.chunk', model: 'cheap', choices: [], usage: { prompt_tokens: 100, completion_tokens: 20 } });
    expect(out.at(-1)?.data).toBe('[DONE]');
    expect(out.every((c) => c.event === undefined)).toBe(true);
  });

  it('leaves the usage chunk out unless include_usage was set', () => {
    const out = encode(new OpenAIStreamEncoder(false), events);
    expect(out.some((c) => typeof c.data === 'object' && c.data !== null && 'usage' in c.data)).toBe(false);
  });

  it('writes the Anthropic event sequence with one block per text run and tool call', () => {
    const out = encode(new AnthropicStreamEncoder(42), events);
    expect(out.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const e of out) expect((e.data as { type: string }).type).toBe(e.event);
    expect(out[0]?.data).toMatchObject({ message: { id: 'msg_req_abc', model: 'cheap', content: [], usage: { input_tokens: 42 } } });
    expect(out[6]?.data).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'c1', name: 'f', input: {} } });
    expect(out[7]?.data).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":' } });
    expect(out[10]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 60, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 10 },
    });
  });

  it('ends a broken stream with an in-band error in each family', () => {
    const err = { status: 529, kind: 'overloaded' as const, message: 'upstream overloaded' };
    expect(new AnthropicStreamEncoder(0).error(err)).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"upstream overloaded"}}\n\n');
    expect(JSON.parse(new OpenAIStreamEncoder(false).error(err).slice(6))).toEqual({ error: { message: 'upstream overloaded', type: 'server_error', param: null, code: null } });
  });
});

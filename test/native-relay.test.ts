import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src-main/core/config/load';
import { createRouter } from '../src-main/core/router/create';
import { createServer, type RunningServer } from '../src-main/server/server';
import type { RequestRecord } from '../src-shared/routing';
import { type MockFault, type MockUpstream, type RecordedRequest, startMockUpstream } from './support/mock-upstream';
import { CHEAP, OPENAI_MODEL, post, proxyConfig, type ProxyHarness, startProxy, UPSTREAM_KEY, UPSTREAM_TIMEOUT_MS } from './support/server-harness';

/** Classified simple (→ the Anthropic model, OpenAI fallback) by the rules classifier. */
const SIMPLE = 'What is the capital of France?';
/** Classified medium code (→ gpt-4.1, gpt-4o-mini fallback). */
const MEDIUM = 'Write a Python function that merges two sorted lists and explain its complexity.';
/** What the proxy's own callers use as their key; it must never travel upstream. */
const CLIENT_KEY = 'client-proxy-key-7f3a';
/** Long enough (> 1,024 estimated tokens) for automatic prompt caching. */
// Past Haiku 4.5's 4,096-token minimum for a cached prefix (≈ 17,400 characters ≈ 4,350 tokens).
const LONG_SYSTEM = `You are a meticulous assistant for a legal team. ${'Cite the clause you rely on. '.repeat(600)}`;
/** A field no SDK types and no neutral shape models, as a vendor extension or a newer API would add. */
const VENDOR_FIELD = { x_vendor_routing: { region: 'eu', priority: 3 } };

function upstreamBody(r: RecordedRequest | undefined): Record<string, unknown> {
  return r?.body as Record<string, unknown>;
}

/** Everything a client could see or log of a failure: message, body, headers. */
function visible(err: unknown): string {
  const e = err as { message?: string; error?: unknown; headers?: Headers };
  return [e.message, JSON.stringify(e.error), JSON.stringify([...(e.headers ?? new Headers())])].join('\n');
}

describe('native relay: same-API clients and upstreams through the proxy', () => {
  let h: ProxyHarness;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    h = await startProxy();
    openai = new OpenAI({ apiKey: CLIENT_KEY, baseURL: h.openaiBase, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.anthropicBase, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => h.mock.reset());

  describe('OpenAI client to an OpenAI model', () => {
    it('relays fields the neutral shape does not model both ways, swaps in the upstream model, and prices the answer', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'def merge(a, b): ...', usage: { input: 100, output: 20 } } });
      const sent = {
        model: 'auto',
        messages: [{ role: 'user' as const, content: MEDIUM }],
        logprobs: true,
        top_logprobs: 2,
        service_tier: 'flex' as const,
        metadata: { team: 'search', ticket: 'T-12' },
        reasoning_effort: 'low' as const,
        ...VENDOR_FIELD,
      };
      const { data, response } = await openai.chat.completions.create(sent).withResponse();

      expect(h.mock.requests).toHaveLength(1);
      expect(h.mock.requests[0]?.family).toBe('openai');
      expect(upstreamBody(h.mock.requests[0])).toEqual({ ...sent, model: 'gpt-4.1' });

      expect(data).toMatchObject({
        object: 'chat.completion',
        model: 'gpt-4.1',
        system_fingerprint: 'fp_mock',
        service_tier: 'default',
        choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: 'def merge(a, b): ...', refusal: null, annotations: [] } }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, completion_tokens_details: { reasoning_tokens: 0 } },
      });
      // The upstream's own id: the bytes were relayed, not re-rendered.
      expect(data.id).toMatch(/^chatcmpl-mock/);

      const cost = (100 * 2 + 20 * 8) / 1e6;
      expect(response.headers.get('x-mmrouter-model')).toBe('gpt-4.1');
      expect(response.headers.get('x-mmrouter-cost')).toBe(cost.toFixed(8));
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({
        source: 'proxy:openai',
        model: 'gpt-4.1',
        upstreamModel: 'gpt-4.1',
        stream: false,
        status: 'ok',
        fallback: false,
        usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0, cacheWriteTokens: 0 },
      });
      expect(record.costUsd).toBeCloseTo(cost, 12);
    });

    it("sends the client's own bytes upstream with only the model changed: number spellings, escapes and order as written", async () => {
      const conversation = Array.from({ length: 30 }, (_, i) => `{"role":"${i % 2 ? 'assistant' : 'user'}","content":"turn ${i}: caf\\u00e9 \\"quoted\\" {braces} [brackets]"}`);
      const raw = `{\n  "temperature": 1.0,\n  "model": "auto",\n  "messages": [${conversation.join(',')},{"role":"user","content":"${MEDIUM}"}],\n  "top_p": 1e0\n}`;
      // A long body's text is spliced, not serialised again, in ASCII or not.
      for (const [i, body] of [raw, raw.replace('caf\\u00e9', 'café 中文 🚀')].entries()) {
        const res = await post(`${h.openaiBase}/chat/completions`, body, { authorization: `Bearer ${CLIENT_KEY}` });
        expect(res.status).toBe(200);
        expect(h.mock.requests[i]?.raw).toBe(body.replace('"model": "auto"', '"model": "gpt-4.1"'));
      }
      // Streamed: the stream flag kept as written, the usage request added at the end.
      const streamed = raw.replace('"top_p": 1e0', '"stream" : true,\n  "top_p": 1e0');
      const res = await fetch(`${h.openaiBase}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` }, body: streamed });
      expect(await res.text()).toContain('data: [DONE]');
      expect(h.mock.requests[2]?.raw).toBe(streamed.replace('"model": "auto"', '"model": "gpt-4.1"').replace(/\n}$/, ',"stream_options":{"include_usage":true}\n}'));
    });

    it('relays a whole answer in any script intact, its length counted in bytes', async () => {
      const text = 'Café, 中文, ελληνικά and 🚀: all of it.';
      h.mock.enqueue({ kind: 'reply', reply: { text, usage: { input: 5, output: 9 } } });
      const res = await fetch(`${h.openaiBase}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` }, body: JSON.stringify({ model: OPENAI_MODEL, messages: [{ role: 'user', content: SIMPLE }] }) });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      expect((JSON.parse(bytes.toString('utf8')) as OpenAI.ChatCompletion).choices[0]?.message.content).toBe(text);
    });

    it('asks the upstream for stream usage but gives none to a client that did not ask, and still records it', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Here is a merge function that runs in linear time.', usage: { input: 31, output: 12 } } });
      const sent = { model: OPENAI_MODEL, messages: [{ role: 'user' as const, content: MEDIUM }], stream: true as const, logprobs: true };
      const { data: stream, response } = await openai.chat.completions.create(sent).withResponse();
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(upstreamBody(h.mock.requests[0])).toEqual({ ...sent, stream_options: { include_usage: true } });
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Here is a merge function that runs in linear time.');
      expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
      // Clients that read choices[0] of every chunk would break on the usage-only chunk.
      expect(chunks.filter((c) => c.choices.length === 0)).toEqual([]);
      expect(chunks.filter((c) => 'usage' in c)).toEqual([]);
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);

      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ stream: true, model: OPENAI_MODEL, status: 'ok', usage: { inputTokens: 31, outputTokens: 12 } });
      expect(record.costUsd).toBeCloseTo((31 * 0.15 + 12 * 0.6) / 1e6, 12);
    });

    it('gives the final usage chunk to a client that asked for it', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Merged.', usage: { input: 9, output: 3 } } });
      const sent = { model: OPENAI_MODEL, messages: [{ role: 'user' as const, content: MEDIUM }], stream: true as const, stream_options: { include_usage: true } };
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of await openai.chat.completions.create(sent)) chunks.push(chunk);

      expect(upstreamBody(h.mock.requests[0])).toEqual(sent);
      const usageChunks = chunks.filter((c) => c.usage);
      expect(usageChunks).toHaveLength(1);
      expect(usageChunks[0]).toMatchObject({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } });
      expect(chunks.at(-1)).toBe(usageChunks[0]);
    });

    it("passes on the upstream's request id and rate-limit headers", async () => {
      const { response, request_id: requestId } = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: SIMPLE }] }).withResponse();
      const streamed = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: SIMPLE }], stream: true }).withResponse();
      for await (const _ of streamed.data);

      for (const r of [response, streamed.response]) {
        expect(r.headers.get('x-request-id')).toMatch(/^req_/);
        expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('499');
        expect(r.headers.get('x-mmrouter-model')).toBe(OPENAI_MODEL);
      }
      // The SDK surfaces the upstream's id, which is what the provider's support asks for.
      expect(requestId).toBe(response.headers.get('x-request-id'));
      expect(streamed.response.headers.get('x-request-id')).not.toBe(response.headers.get('x-request-id'));
    });
  });

  describe('Anthropic client to an Anthropic model', () => {
    it("forwards the client's anthropic-beta and anthropic-version headers, with our key instead of the client's", async () => {
      const clientHeaders: Headers[] = [];
      const watched = new Anthropic({
        apiKey: CLIENT_KEY,
        baseURL: h.anthropicBase,
        maxRetries: 0,
        fetch: (url, init) => {
          clientHeaders.push(new Headers(init?.headers));
          return fetch(url, init);
        },
      });
      const betas = ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07'];
      const message = await watched.beta.messages.create({ model: CHEAP, max_tokens: 64, betas, messages: [{ role: 'user', content: SIMPLE }] });
      expect(message.content).toMatchObject([{ type: 'text', text: expect.stringContaining('Mock answer from claude-haiku-4-5') }]);

      const upstream = h.mock.requests[0]?.headers ?? {};
      const clientVersion = clientHeaders[0]?.get('anthropic-version');
      expect(clientVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(upstream['anthropic-beta']).toBe(betas.join(','));
      expect(upstream['anthropic-version']).toBe(clientVersion);
      expect(upstream['x-api-key']).toBe(UPSTREAM_KEY);
      expect(JSON.stringify(upstream)).not.toContain(CLIENT_KEY);
    });

    it('relays thinking, metadata, unknown fields and cache_control on a message block exactly as sent', async () => {
      const sent = {
        model: CHEAP,
        max_tokens: 2048,
        thinking: { type: 'enabled' as const, budget_tokens: 1024 },
        metadata: { user_id: 'user-42' },
        system: 'Be brief.',
        messages: [
          { role: 'user' as const, content: [{ type: 'text' as const, text: 'Here is the contract text.', cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }] },
          { role: 'assistant' as const, content: 'Understood.' },
          { role: 'user' as const, content: SIMPLE },
        ],
        inference_geo: 'eu',
        ...VENDOR_FIELD,
      };
      const message = await anthropic.messages.create(sent);
      expect(message.model).toBe(CHEAP);
      expect(h.mock.requests[0]?.family).toBe('anthropic');
      expect(upstreamBody(h.mock.requests[0])).toEqual(sent);
    });

    it("streams the upstream's event sequence and records its usage", async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris is the capital of France, on the Seine.', usage: { input: 40, output: 11 } } });
      const { data: stream, response } = await anthropic.messages
        .create({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: SIMPLE }], stream: true, thinking: { type: 'disabled' } })
        .withResponse();
      const types: string[] = [];
      let text = '';
      let stopReason: string | null = null;
      let outputTokens = 0;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        if (event.type === 'message_delta') {
          stopReason = event.delta.stop_reason;
          outputTokens = event.usage.output_tokens;
        }
      }

      expect(upstreamBody(h.mock.requests[0])).toEqual({ model: CHEAP, max_tokens: 100, messages: [{ role: 'user', content: SIMPLE }], stream: true, thinking: { type: 'disabled' } });
      expect(types[0]).toBe('message_start');
      expect(types.slice(1, 2)).toEqual(['content_block_start']);
      expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
      expect(new Set(types.slice(2, -3))).toEqual(new Set(['content_block_delta']));
      expect(text).toBe('Paris is the capital of France, on the Seine.');
      expect(stopReason).toBe('end_turn');
      expect(response.headers.get('request-id')).toMatch(/^req_/);
      expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('49');
      expect(outputTokens).toBe(11);

      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ source: 'proxy:anthropic', model: CHEAP, stream: true, status: 'ok', usage: { inputTokens: 40, outputTokens: 11 } });
      expect(record.costUsd).toBeCloseTo((40 * 1 + 11 * 5) / 1e6, 12);
    });

    it('marks a long system prompt for caching when the client manages no caching itself (not tools too short to cache alone), and prices the cache write', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Clause 4.2.', usage: { input: 1300, output: 6, cacheWrite: 1200 } } });
      const tools = [
        { name: 'lookup_clause', description: 'Find a clause', input_schema: { type: 'object' as const, properties: { id: { type: 'string' } } } },
        { name: 'list_parties', description: 'List parties', input_schema: { type: 'object' as const, properties: {} } },
      ];
      const final = await anthropic.messages.stream({ model: CHEAP, max_tokens: 100, system: LONG_SYSTEM, tools, messages: [{ role: 'user', content: 'Which clause covers termination?' }] }).finalMessage();
      expect(final.content).toEqual([{ type: 'text', text: 'Clause 4.2.' }]);

      expect(upstreamBody(h.mock.requests[0])).toMatchObject({
        system: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }],
        tools,
      });
      expect(final.usage).toMatchObject({ input_tokens: 100, cache_creation_input_tokens: 1200, cache_read_input_tokens: 0 });
    });

    it('leaves a short system prompt uncached', async () => {
      const sent = { model: CHEAP, max_tokens: 50, system: 'Be brief.', messages: [{ role: 'user' as const, content: SIMPLE }] };
      await anthropic.messages.create(sent);
      expect(upstreamBody(h.mock.requests[0])).toEqual(sent);
    });

    const clientMarkers: [string, Anthropic.MessageCreateParamsNonStreaming][] = [
      [
        'on a system block',
        { model: CHEAP, max_tokens: 50, system: [{ type: 'text', text: LONG_SYSTEM }, { type: 'text', text: 'Today is Monday.', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: SIMPLE }] },
      ],
      [
        'on a tool',
        {
          model: CHEAP,
          max_tokens: 50,
          system: LONG_SYSTEM,
          tools: [{ name: 'lookup_clause', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }, { name: 'list_parties', input_schema: { type: 'object' } }],
          messages: [{ role: 'user', content: SIMPLE }],
        },
      ],
      [
        'on a message block',
        { model: CHEAP, max_tokens: 50, system: LONG_SYSTEM, messages: [{ role: 'user', content: [{ type: 'text', text: SIMPLE, cache_control: { type: 'ephemeral', ttl: '5m' } }] }] },
      ],
      [
        'inside a tool result',
        {
          model: CHEAP,
          max_tokens: 50,
          system: LONG_SYSTEM,
          tools: [{ name: 'lookup_clause', input_schema: { type: 'object' } }],
          messages: [
            { role: 'user', content: 'Find clause 4.' },
            { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup_clause', input: { id: '4' } }] },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Clause 4: termination.', cache_control: { type: 'ephemeral' } }] }] },
          ],
        },
      ],
    ];
    it.each(clientMarkers)("leaves every cache marker as the client set it when it put one %s", async (_where, sent) => {
      await anthropic.messages.create(sent);
      expect(upstreamBody(h.mock.requests[0])).toEqual(sent);
    });
  });

  describe('failover', () => {
    const beforeFirstByte: [string, MockFault][] = [
      ['a 500', { kind: 'status', status: 500 }],
      ['a connection dropped before the headers', { kind: 'drop', when: 'before-headers' }],
      ['an in-band error chunk before any output (as vLLM or OpenRouter send)', { kind: 'stream-error', after: 0 }],
    ];
    it.each(beforeFirstByte)('streams one clean answer from the same-family fallback after %s from the first model', async (_what, fault) => {
      h.mock.enqueue(fault, { model: 'gpt-4.1' });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'A merge in linear time, from the fallback.', usage: { input: 20, output: 9 } } }, { model: OPENAI_MODEL });
      const sent = { model: 'auto', messages: [{ role: 'user' as const, content: MEDIUM }], stream: true as const, stream_options: { include_usage: true }, logprobs: true };
      const { data: stream, response } = await openai.chat.completions.create(sent).withResponse();
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(response.headers.get('x-mmrouter-model')).toBe(OPENAI_MODEL);
      expect(response.headers.get('x-mmrouter-fallback')).toBe('true');
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('A merge in linear time, from the fallback.');
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      expect(new Set(chunks.map((c) => c.model))).toEqual(new Set([OPENAI_MODEL]));
      expect(chunks.filter((c) => c.choices[0]?.finish_reason)).toHaveLength(1);
      expect(chunks.filter((c) => c.usage)).toMatchObject([{ usage: { prompt_tokens: 20, completion_tokens: 9 } }]);
      // Both attempts were native: the client's own body went to each, only the model changed.
      expect(h.mock.requests.map((r) => [r.model, upstreamBody(r).logprobs])).toEqual([
        ['gpt-4.1', true],
        [OPENAI_MODEL, true],
      ]);

      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ model: OPENAI_MODEL, fallback: true, status: 'ok', stream: true, usage: { inputTokens: 20, outputTokens: 9 } });
      expect(record.attempts).toMatchObject([
        { model: 'gpt-4.1', ok: false, errorClass: fault.kind === 'drop' ? 'network' : 'server' },
        { model: OPENAI_MODEL, ok: true },
      ]);
    });

    const wholeFailures: [string, MockFault, string][] = [
      ['a 500', { kind: 'status', status: 500 }, 'server'],
      ['a connection dropped before the headers', { kind: 'drop', when: 'before-headers' }, 'network'],
      ['a body cut short', { kind: 'drop', when: 'mid-stream' }, 'network'],
      ['a body that is not JSON', { kind: 'malformed' }, 'server'],
    ];
    it.each(wholeFailures)('answers a whole request from the same-family fallback after %s from the first model', async (_what, fault, errorClass) => {
      h.mock.enqueue(fault, { model: 'gpt-4.1' });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Merged, by the fallback.', usage: { input: 20, output: 5 } } }, { model: OPENAI_MODEL });
      const { data, response } = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: MEDIUM }], logprobs: true }).withResponse();

      expect(data.choices[0]?.message.content).toBe('Merged, by the fallback.');
      expect(data.model).toBe(OPENAI_MODEL);
      expect(response.headers.get('x-mmrouter-fallback')).toBe('true');
      expect(h.mock.requests.map((r) => [r.model, upstreamBody(r).logprobs])).toEqual([
        ['gpt-4.1', true],
        [OPENAI_MODEL, true],
      ]);
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record.attempts).toMatchObject([
        { model: 'gpt-4.1', ok: false, errorClass },
        { model: OPENAI_MODEL, ok: true },
      ]);
    });

    it.each(['gzip', 'deflate', 'br'] as const)('relays a %s-compressed upstream answer decoded, with its length', async (encoding) => {
      h.mock.enqueue({ kind: 'compressed', encoding });
      const res = await post(`${h.openaiBase}/chat/completions`, { model: 'auto', messages: [{ role: 'user', content: MEDIUM }] });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
      expect(res.json).toMatchObject({ object: 'chat.completion', model: 'gpt-4.1', choices: [{ message: { role: 'assistant' } }] });
    });

    it('cancels the relayed upstream call when the client disconnects, and records the request as aborted', async () => {
      h.mock.enqueue({ kind: 'hang' }, { model: 'gpt-4.1' });
      const controller = new AbortController();
      const pending = openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: MEDIUM }] }, { signal: controller.signal }).catch((e: unknown) => e);
      while (h.mock.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      controller.abort();
      expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
      while (h.mock.requests[0]?.cancelledAt === undefined) await new Promise((r) => setTimeout(r, 5));
      // Cut by the disconnect, not by the proxy giving up on a silent upstream.
      const upstream = h.mock.requests[0];
      expect((upstream?.cancelledAt ?? Infinity) - (upstream?.receivedAt ?? 0)).toBeLessThan(UPSTREAM_TIMEOUT_MS);
      while (h.server.metrics.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
      expect(h.server.metrics.render()).toMatch(/mmrouter_proxy_requests_total\{endpoint="chat_completions",model="gpt-4.1",status="499"\} 1/);
      // Only the first model was tried: a cancelled request is not failed over.
      expect(h.mock.requests).toHaveLength(1);
    });

    it('answers an Anthropic stream in Anthropic shape when the Anthropic model is overloaded and the OpenAI fallback answers', async () => {
      h.mock.enqueue({ kind: 'status', status: 529 }, { model: CHEAP });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris, said the fallback.', usage: { input: 15, output: 6 } } }, { model: OPENAI_MODEL });
      const { data: stream, response } = await anthropic.messages
        .create({ model: 'auto', max_tokens: 100, metadata: { user_id: 'u-1' }, messages: [{ role: 'user', content: SIMPLE }], stream: true })
        .withResponse();
      const types: string[] = [];
      let text = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      }

      expect(text).toBe('Paris, said the fallback.');
      expect(types[0]).toBe('message_start');
      expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
      expect(types.filter((t) => t === 'message_start')).toHaveLength(1);
      expect(response.headers.get('x-mmrouter-model')).toBe(OPENAI_MODEL);
      expect(h.mock.requests.map((r) => r.family)).toEqual(['anthropic', 'openai']);
      // Translated for the other family: OpenAI's shape, and no Anthropic-only fields.
      expect(upstreamBody(h.mock.requests[1])).toMatchObject({ model: OPENAI_MODEL, stream: true, messages: [{ role: 'user', content: SIMPLE }] });
      expect(upstreamBody(h.mock.requests[1])).not.toHaveProperty('metadata');

      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ source: 'proxy:anthropic', model: OPENAI_MODEL, fallback: true, status: 'ok', usage: { inputTokens: 15, outputTokens: 6 } });
      expect(record.attempts).toMatchObject([{ model: CHEAP, ok: false, errorClass: 'overloaded', status: 529 }, { model: OPENAI_MODEL, ok: true }]);
    });

    it('ends a relayed Anthropic stream cut mid-way with an error the SDK raises, and records the failure', async () => {
      h.mock.enqueue({ kind: 'drop', when: 'mid-stream' }, { model: CHEAP });
      const { data: stream, response } = await anthropic.messages
        .create({ model: CHEAP, max_tokens: 300, messages: [{ role: 'user', content: 'Tell me a long story about a dragon who guards a library.' }], stream: true })
        .withResponse();
      const types: string[] = [];
      const err = await (async () => {
        for await (const event of stream) types.push(event.type);
      })().catch((e: unknown) => e);

      expect(err).toBeInstanceOf(Error);
      expect(types[0]).toBe('message_start');
      expect(types).not.toContain('message_stop');
      // Nothing was tried after the first byte: the client already had part of this answer.
      expect(h.mock.requests).toHaveLength(1);
      const record = await h.record(response.headers.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ model: CHEAP, status: 'error', errorClass: 'network', stream: true, fallback: false });
    });

    it('relays natively on an OpenAI fallback after the translated Anthropic first choice failed', async () => {
      h.mock.enqueue({ kind: 'status', status: 529 }, { model: CHEAP });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 8, output: 2 } } }, { model: OPENAI_MODEL });
      const sent = { model: 'auto', messages: [{ role: 'user' as const, content: SIMPLE }], logprobs: true, top_logprobs: 2, ...VENDOR_FIELD };
      const { data, response } = await openai.chat.completions.create(sent).withResponse();

      expect(data).toMatchObject({ model: OPENAI_MODEL, system_fingerprint: 'fp_mock', choices: [{ message: { content: 'Paris.' } }] });
      expect(response.headers.get('x-mmrouter-fallback')).toBe('true');
      expect(h.mock.requests.map((r) => r.family)).toEqual(['anthropic', 'openai']);
      expect(upstreamBody(h.mock.requests[0])).not.toHaveProperty('x_vendor_routing');
      expect(upstreamBody(h.mock.requests[1])).toEqual({ ...sent, model: OPENAI_MODEL });
    });
  });

  describe('upstream errors', () => {
    const echoesKey = { error: { message: `Incorrect API key provided: ${UPSTREAM_KEY}. Find your key at https://platform.openai.com.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };

    it("reports a 401 on the proxy's own key as an upstream failure, without the key anywhere", async () => {
      h.mock.enqueue({ kind: 'status', status: 401, body: echoesKey });
      const err = await openai.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: MEDIUM }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      // The caller's key to the proxy was fine: a 401 would send them looking at the wrong key.
      expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect(visible(err)).not.toContain(UPSTREAM_KEY);
      expect(visible(err)).not.toContain('SECRET-0123456789');

      const record = await h.record((err as InstanceType<typeof OpenAI.APIError>).headers?.get('x-mmrouter-request-id') ?? '');
      expect(record).toMatchObject({ status: 'error', errorClass: 'auth', attempts: [{ model: OPENAI_MODEL, ok: false, status: 401 }] });
      expect(JSON.stringify(record)).not.toContain('SECRET-0123456789');
    });

    it('keeps the key out of an Anthropic stream that fails with 401 before it starts', async () => {
      h.mock.enqueue({ kind: 'status', status: 401, body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key: ${UPSTREAM_KEY}` } } });
      const err = await anthropic.messages
        .create({ model: CHEAP, max_tokens: 50, messages: [{ role: 'user', content: SIMPLE }], stream: true })
        .then(async (s) => {
          for await (const e of s) void e;
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
      expect(visible(err)).not.toContain('SECRET-0123456789');
    });

    it('passes a 429 with its Retry-After on to an OpenAI client', async () => {
      h.mock.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 42 });
      const err = await openai.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: MEDIUM }], stream: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
      expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('42');
      expect(visible(err)).not.toContain(UPSTREAM_KEY);
    });

    it("keeps an upstream 400 a 400 with the upstream's explanation", async () => {
      const body = { error: { message: "Unsupported parameter: 'top_logprobs' is not supported with this model.", type: 'invalid_request_error', param: 'top_logprobs', code: 'unsupported_parameter' } };
      h.mock.enqueue({ kind: 'status', status: 400, body });
      const err = await openai.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: MEDIUM }], logprobs: true, top_logprobs: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).message).toContain("'top_logprobs' is not supported with this model");
      // A caller's mistake would fail the same on every model: no fallback was tried.
      expect(h.mock.requests).toHaveLength(1);
    });
  });
});

/** Model names differ from upstream ids here, so replacing `model` is visible. */
function limitsConfig(mock: MockUpstream): string {
  const cell = '{ model: mini }';
  const tier = ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: ${cell}`).join('\n');
  return `
providers:
  anthropic: { base_url: ${mock.anthropicBaseUrl} }
  openai: { base_url: ${mock.openaiBaseUrl} }
  local: { type: openai-compatible, base_url: ${mock.openaiBaseUrl}, api_key_env: OPENAI_API_KEY }
  google: { base_url: ${mock.openaiBaseUrl}, api_key_env: OPENAI_API_KEY }
provider: { max_retries: 0, timeout_ms: 5000 }
tracking: { enabled: false, database: ./unused.db }
models:
  haiku: { provider: anthropic, model: claude-haiku-4-5, fallbacks: [sonnet], pricing: { input: 1, output: 5 } }
  sonnet: { provider: anthropic, model: claude-sonnet-4-6, max_tokens: 2000, pricing: { input: 3, output: 15 } }
  mini: { provider: openai, model: gpt-4o-mini, max_tokens: 321, pricing: { input: 0.15, output: 0.6 } }
  plain: { provider: openai, model: gpt-4.1, pricing: { input: 2, output: 8 } }
  llama: { provider: local, model: gpt-4.1-mini, max_tokens: 123, pricing: { input: 0, output: 0 } }
  gemini: { provider: google, model: gpt-4o, pricing: { input: 0.1, output: 0.4 } }
routes:
  simple:
${tier}
  medium:
${tier}
  complex:
${tier}
baseline_model: mini
`;
}

describe('native relay with per-model output limits and Anthropic fallbacks', () => {
  let mock: MockUpstream;
  let server: RunningServer;
  const records = new Map<string, RequestRecord>();
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    mock = await startMockUpstream();
    const env = { ANTHROPIC_API_KEY: UPSTREAM_KEY, OPENAI_API_KEY: UPSTREAM_KEY };
    const loaded = parseConfig(limitsConfig(mock), join(tmpdir(), 'mmrouter-native-relay.yaml'), env);
    const router = await createRouter(loaded, { source: 'proxy', env, onRecord: (r) => records.set(r.id, r) });
    server = await createServer({ router, feedback: undefined, host: '127.0.0.1', port: 0 });
    openai = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: server.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
    await mock.close();
  });
  beforeEach(() => mock.reset());

  const question = [{ role: 'user' as const, content: 'Summarise the plot of Hamlet.' }];

  it("sends an OpenAI model's configured limit as max_completion_tokens only when the client set no limit", async () => {
    await openai.chat.completions.create({ model: 'mini', messages: question });
    await openai.chat.completions.create({ model: 'mini', messages: question, max_completion_tokens: 60 });
    await openai.chat.completions.create({ model: 'plain', messages: question });
    expect(mock.requests.map(upstreamBody)).toEqual([
      { model: 'gpt-4o-mini', messages: question, max_completion_tokens: 321 },
      { model: 'gpt-4o-mini', messages: question, max_completion_tokens: 60 },
      { model: 'gpt-4.1', messages: question },
    ]);
  });

  it('sends the output limit under the name each kind of server takes, whichever the client used', async () => {
    await openai.chat.completions.create({ model: 'mini', messages: question, max_tokens: 50 });
    await openai.chat.completions.create({ model: 'llama', messages: question, max_tokens: 50 });
    await openai.chat.completions.create({ model: 'llama', messages: question, max_completion_tokens: 70 });
    expect(mock.requests.map(upstreamBody)).toEqual([
      // OpenAI's reasoning models refuse the deprecated name.
      { model: 'gpt-4o-mini', messages: question, max_completion_tokens: 50 },
      // Compatible servers get the name they all know.
      { model: 'gpt-4.1-mini', messages: question, max_tokens: 50 },
      { model: 'gpt-4.1-mini', messages: question, max_tokens: 70 },
    ]);
  });

  it('sends the configured limit as max_tokens to an OpenAI-compatible server, relaying its body natively', async () => {
    await openai.chat.completions.create({ model: 'llama', messages: question, ...VENDOR_FIELD });
    await openai.chat.completions.create({ model: 'llama', messages: question, stream: true }).then(async (s) => {
      for await (const c of s) void c;
    });
    expect(mock.requests.map(upstreamBody)).toEqual([
      { model: 'gpt-4.1-mini', messages: question, max_tokens: 123, ...VENDOR_FIELD },
      { model: 'gpt-4.1-mini', messages: question, max_tokens: 123, stream: true, stream_options: { include_usage: true } },
    ]);
  });

  it("translates for Gemini's compatible endpoint instead of relaying fields it does not take", async () => {
    const res = await openai.chat.completions.create({ model: 'gemini', messages: question, ...VENDOR_FIELD });
    expect(res.choices[0]?.message.content).toContain('Mock answer from gpt-4o');
    expect(upstreamBody(mock.requests[0])).toMatchObject({ model: 'gpt-4o', messages: question });
    expect(upstreamBody(mock.requests[0])).not.toHaveProperty('x_vendor_routing');
  });

  it("fills in an Anthropic request's missing max_tokens with the model's limit, or 4096", async () => {
    for (const model of ['haiku', 'sonnet']) {
      const res = await post(`${server.url}/v1/messages`, { model, messages: question }, { 'anthropic-version': '2023-06-01' });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ type: 'message', content: [{ type: 'text' }] });
    }
    const explicitNull = await post(`${server.url}/v1/messages`, { model: 'sonnet', max_tokens: null, messages: question });
    expect(explicitNull.status).toBe(200);
    expect(mock.requests.map(upstreamBody)).toEqual([
      { model: 'claude-haiku-4-5', messages: question, max_tokens: 4096 },
      { model: 'claude-sonnet-4-6', messages: question, max_tokens: 2000 },
      { model: 'claude-sonnet-4-6', messages: question, max_tokens: 2000 },
    ]);
  });

  it('streams from the Anthropic fallback after a 529 from the first Anthropic model, relaying natively to both', async () => {
    mock.enqueue({ kind: 'status', status: 529 }, { model: 'claude-haiku-4-5' });
    mock.enqueue({ kind: 'reply', reply: { text: 'Hamlet avenges his father, at great cost.', usage: { input: 12, output: 10 } } }, { model: 'claude-sonnet-4-6' });
    const sent = { model: 'haiku', max_tokens: 300, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: question };
    const stream = anthropic.messages.stream(sent);
    const types: string[] = [];
    stream.on('streamEvent', (e) => types.push(e.type));
    const { response } = await stream.withResponse();
    const final = await stream.finalMessage();

    expect(final).toMatchObject({ model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'Hamlet avenges his father, at great cost.' }], usage: { input_tokens: 12, output_tokens: 10 } });
    expect(types.filter((t) => t === 'message_start')).toHaveLength(1);
    expect(types.at(-1)).toBe('message_stop');
    expect(mock.requests.map(upstreamBody)).toEqual([
      { ...sent, model: 'claude-haiku-4-5', stream: true },
      { ...sent, model: 'claude-sonnet-4-6', stream: true },
    ]);
    expect(response.headers.get('x-mmrouter-model')).toBe('sonnet');
    expect(response.headers.get('x-mmrouter-fallback')).toBe('true');

    const record = records.get(response.headers.get('x-mmrouter-request-id') ?? '');
    expect(record).toMatchObject({ model: 'sonnet', upstreamModel: 'claude-sonnet-4-6', fallback: true, status: 'ok', stream: true, usage: { inputTokens: 12, outputTokens: 10 } });
    expect(record?.attempts).toMatchObject([{ model: 'haiku', ok: false, errorClass: 'overloaded', status: 529 }, { model: 'sonnet', ok: true }]);
    expect(record?.costUsd).toBeCloseTo((12 * 3 + 10 * 15) / 1e6, 12);
  });

  it("falls back when Anthropic reports overload in-band before any output, and the client sees one clean stream", async () => {
    mock.enqueue({ kind: 'stream-error', after: 0 }, { model: 'claude-haiku-4-5' });
    mock.enqueue({ kind: 'reply', reply: { text: 'Revenge, at great cost.', usage: { input: 12, output: 5 } } }, { model: 'claude-sonnet-4-6' });
    const stream = anthropic.messages.stream({ model: 'haiku', max_tokens: 300, messages: question });
    const types: string[] = [];
    stream.on('streamEvent', (e) => types.push(e.type));
    const { response } = await stream.withResponse();
    const final = await stream.finalMessage();

    expect(final.content).toMatchObject([{ type: 'text', text: 'Revenge, at great cost.' }]);
    expect(types).not.toContain('error');
    expect(types.filter((t) => t === 'message_start')).toHaveLength(1);
    const record = records.get(response.headers.get('x-mmrouter-request-id') ?? '');
    expect(record?.attempts).toMatchObject([{ model: 'haiku', ok: false, errorClass: 'overloaded' }, { model: 'sonnet', ok: true }]);
  });

  it('passes an in-band error after output has started on to the client as an error event, and records the failure', async () => {
    mock.enqueue({ kind: 'stream-error', after: 5, message: 'Overloaded mid-answer' }, { model: 'claude-haiku-4-5' });
    const res = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'haiku', max_tokens: 300, stream: true, messages: question }),
    });
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean).map((e) => /^event: (.*)$/m.exec(e)?.[1]);

    expect(res.status).toBe(200);
    // What the upstream had sent is relayed as it came; no fallback starts a second message.
    expect(events[0]).toBe('message_start');
    expect(events.slice(0, -1)).toContain('content_block_delta');
    expect(events).not.toContain('message_stop');
    expect(events.at(-1)).toBe('error');
    expect(text).toContain('overloaded_error');
    expect(text).not.toContain(UPSTREAM_KEY);
    expect(mock.requests).toHaveLength(1);
    const record = records.get(res.headers.get('x-mmrouter-request-id') ?? '');
    expect(record).toMatchObject({ status: 'error', errorClass: 'overloaded', stream: true, fallback: false });
  });
});

describe('relayed streams when the answer text is kept (tracking.store_prompts)', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxy({}, 'rules', (m) => proxyConfig(m, 'rules').replace('tracking: { database: ./mmrouter.db,', 'tracking: { database: ./mmrouter.db, store_prompts: true,'));
  });
  afterAll(() => h.close());
  beforeEach(() => h.mock.reset());

  // Without stored prompts the deltas pass unparsed (the tests above); with them, every delta is read.
  it('records the whole streamed text of an OpenAI and an Anthropic model', async () => {
    const text = 'Paris is the capital of France, on the Seine, and its largest city.';
    h.mock.enqueue({ kind: 'reply', reply: { text, usage: { input: 20, output: 15 } } });
    const openai = new OpenAI({ apiKey: 'x', baseURL: h.openaiBase, maxRetries: 0 });
    const { data: stream, response } = await openai.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: SIMPLE }], stream: true }).withResponse();
    for await (const _ of stream);
    expect(await h.record(response.headers.get('x-mmrouter-request-id') ?? '')).toMatchObject({ stream: true, response: text, usage: { inputTokens: 20, outputTokens: 15 } });

    h.mock.enqueue({ kind: 'reply', reply: { text, usage: { input: 21, output: 16 } } });
    const anthropic = new Anthropic({ apiKey: 'x', baseURL: h.anthropicBase, maxRetries: 0 });
    const { data: events, response: res } = await anthropic.messages.create({ model: CHEAP, max_tokens: 100, messages: [{ role: 'user', content: SIMPLE }], stream: true }).withResponse();
    for await (const _ of events);
    expect(await h.record(res.headers.get('x-mmrouter-request-id') ?? '')).toMatchObject({ stream: true, response: text, usage: { inputTokens: 21, outputTokens: 16 } });
  });
});

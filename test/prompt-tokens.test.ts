import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../src-shared/chat';
import { countPromptTokens, promptTokenCeiling } from '../src-main/core/prompt-tokens';
import { parseMessagesRequest } from '../src-main/server/anthropic/request';
import { parseChatCompletionRequest } from '../src-main/server/openai/request';
import { parseResponsesRequest } from '../src-main/server/responses/request';

const user = (content: string): ChatRequest => ({ messages: [{ role: 'user', content }] });

describe('prompt token ceiling (the budget holds it far from a limit)', () => {
  const prompts: [string, ChatRequest][] = [
    ['English', user('What is the capital of France? Answer in one word.')],
    ['code', user('```ts\nexport const add = (a: number, b: number): number => a + b;\n```\nAdd a test.')],
    ['Chinese and emoji', user('请用三句话解释量子纠缠。🙂🚀 それから日本語でも。')],
    ['one long unbroken run', user('a'.repeat(5_000))],
    ['random bytes as text', user(Array.from({ length: 2_000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 5000))).join(''))],
    [
      'a conversation with tools and an image',
      {
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image', url: 'https://example.com/cat.png' }] },
          { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"q":"picture"}' }] },
          { role: 'tool', toolCallId: 'c1', content: 'a cat' },
        ],
        tools: [{ name: 'lookup', description: 'Search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
      },
    ],
  ];

  it.each(prompts)('is never below the BPE count: %s', async (_, chat) => {
    expect(promptTokenCeiling(chat)).toBeGreaterThanOrEqual(await countPromptTokens(chat));
  });

  // Beyond 20,000 characters the count is extrapolated from a sample; the ceiling must stay above
  // it even when the sample is denser in bytes than the rest.
  it.each([
    ['long English', user('word '.repeat(5_000))],
    ['Chinese first, then ASCII', user(`${'量子纠缠'.repeat(6_000)}${'plain ascii text '.repeat(4_000)}`)],
    ['many short messages', { messages: Array.from({ length: 3_000 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: `turn ${i}: "quoted" {x}` })) }],
  ] as [string, ChatRequest][])('is never below the extrapolated count of a long prompt: %s', async (_, chat) => {
    expect(promptTokenCeiling(chat)).toBeGreaterThanOrEqual(await countPromptTokens(chat));
  });
});

describe('prompt token ceiling from the size of the request it came in (the proxy knows it)', () => {
  const FIXTURES = join(__dirname, 'fixtures/clients');
  const parsers = { '/v1/messages': parseMessagesRequest, '/v1/chat/completions': parseChatCompletionRequest, '/v1/responses': parseResponsesRequest };
  const parse = (path: string, body: unknown): ChatRequest => {
    const parser = Object.entries(parsers).find(([prefix]) => path.startsWith(prefix))?.[1];
    const parsed = parser?.(body);
    if (!parsed?.ok) throw new Error(`${path}: the fixture does not parse`);
    return parsed.value.chat;
  };
  /** Written as compactly as JSON allows, the smallest body a client could send for the same request. */
  const compactBytes = (body: unknown): number => Buffer.byteLength(JSON.stringify(body));

  const recorded = readdirSync(FIXTURES).map((f) => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as { path: string; body: unknown };
    return [f, fixture.path, fixture.body] as const;
  });
  const written: [string, string, unknown][] = [
    ['Chinese and emoji sent unescaped', '/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: '请用三句话解释量子纠缠。🙂🚀 それから日本語でも。' }] }],
    // Tools that name no schema get one supplied, longer than what the client wrote for them.
    ['tools with no schema', '/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: 'hi' }], tools: Array.from({ length: 30 }, (_, i) => ({ type: 'function', function: { name: `t${i}` } })) }],
    ['Anthropic tools with no input_schema', '/v1/messages', { model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], tools: Array.from({ length: 30 }, (_, i) => ({ name: `t${i}` })) }],
    ['a tool call and its result', '/v1/messages', { model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'u1', name: 'calc', input: { x: 1e21, y: [1.5, 2] } }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'u1', content: '3.5' }] }] }],
  ];

  it.each([...recorded, ...written])('is never below the BPE count, nor below the ceiling of the walked prompt: %s', async (_, path, body) => {
    const chat = parse(path, body);
    const fromSize = promptTokenCeiling(chat, compactBytes(body));
    expect(fromSize).toBeGreaterThanOrEqual(await countPromptTokens(chat));
    expect(fromSize).toBeGreaterThanOrEqual(promptTokenCeiling(chat));
    // Not much looser than walking the prompt: the body is mostly the prompt.
    if (compactBytes(body) > 10_000) expect(fromSize).toBeLessThan(promptTokenCeiling(chat) * 1.1);
  });
});

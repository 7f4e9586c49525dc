import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../src-shared/chat';
import { countPromptTokens, promptTokenCeiling } from '../src-main/core/prompt-tokens';

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

import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { ChatAnthropic } from '@langchain/anthropic';
import { tool as langchainTool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { Agent, OpenAIProvider, Runner, tool as agentTool } from '@openai/agents';
import { generateText, Output, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHEAP, type ProxyHarness, startProxy } from './support/server-harness';

/*
 * The agent frameworks people build on, in their current releases, pointed at the proxy by base
 * URL alone: Vercel's AI SDK (its OpenAI provider speaks the Responses API unless asked for chat
 * completions), LangChain and OpenAI's Agents SDK. Simple prompts route to an Anthropic model and the rest to an OpenAI
 * one (test/support/mock-config.ts), so each client meets both the relayed and the translated path.
 */

const SIMPLE = 'What is the capital of France?';
const HARDER = 'Compare the trade-offs of optimistic and pessimistic locking in a payments database, with examples of when each fails.';
const WEATHER = { description: 'Current weather in a city', schema: z.object({ city: z.string() }) };
/** Where SIMPLE then HARDER go: the simple question to the Anthropic model, the harder one to the OpenAI one. */
const SIMPLE_THEN_HARDER = [
  ['anthropic', CHEAP],
  ['openai', 'gpt-4.1'],
];

describe('agent frameworks as clients of the proxy, unchanged but for the base URL', () => {
  let h: ProxyHarness;

  beforeAll(async () => {
    h = await startProxy();
  });
  afterAll(() => h.close());
  beforeEach(() => h.mock.reset());

  describe("Vercel's AI SDK", () => {
    it('answers generateText through the Responses API, routed by the classifier, with its usage and our headers', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Optimistic locking retries; pessimistic locking waits.', usage: { input: 30, output: 12 } } });
      const openai = createOpenAI({ baseURL: h.openaiBase, apiKey: 'unused' });
      const result = await generateText({ model: openai('auto'), prompt: HARDER, maxRetries: 0 });
      expect(result.text).toBe('Optimistic locking retries; pessimistic locking waits.');
      expect(result.usage).toMatchObject({ inputTokens: 30, outputTokens: 12 });
      expect(h.mock.requests[0]).toMatchObject({ family: 'openai', path: '/v1/responses', model: 'gpt-4.1' });
      expect(result.response.headers?.['x-mmrouter-model']).toBe('gpt-4.1');
    });

    it("streams the Responses API's typed events, relayed from OpenAI and encoded by us for an Anthropic model", async () => {
      const openai = createOpenAI({ baseURL: h.openaiBase, apiKey: 'unused' });
      for (const [prompt, text] of [
        [HARDER, 'Locks trade throughput for safety.'],
        [SIMPLE, 'Paris.'],
      ] as const) {
        h.mock.enqueue({ kind: 'reply', reply: { text, usage: { input: 20, output: 6 } } });
        const streamed = streamText({ model: openai('auto'), prompt, maxRetries: 0 });
        let got = '';
        for await (const delta of streamed.textStream) got += delta;
        expect(got).toBe(text);
        expect(await streamed.usage).toMatchObject({ inputTokens: 20, outputTokens: 6 });
      }
      expect(h.mock.requests.map((r) => [r.family, r.stream])).toEqual([
        ['openai', true],
        ['anthropic', true],
      ]);
    });

    it('streams chat completions and calls a tool, for a model of the other family', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }], usage: { input: 40, output: 9 } } });
      const openai = createOpenAI({ baseURL: h.openaiBase, apiKey: 'unused' });
      const result = streamText({
        model: openai.chat('auto'),
        prompt: 'What is the weather in Paris?',
        tools: { get_weather: tool({ description: WEATHER.description, inputSchema: WEATHER.schema }) },
        maxRetries: 0,
      });
      const calls = await result.toolCalls;
      expect(calls.map((c) => [c.toolName, c.input])).toEqual([['get_weather', { city: 'Paris' }]]);
      expect(await result.finishReason).toBe('tool-calls');
      // A simple question: the classifier sent it to the Anthropic model, translated both ways.
      expect(h.mock.requests[0]).toMatchObject({ family: 'anthropic', model: CHEAP, stream: true });
    });

    it('returns a typed object from its JSON schema, the schema carried to a model of the other family', async () => {
      h.mock.enqueue({ kind: 'reply', reply: { text: '{"city":"Paris","country":"France"}', usage: { input: 50, output: 10 } } });
      const openai = createOpenAI({ baseURL: h.openaiBase, apiKey: 'unused' });
      const result = await generateText({ model: openai.chat('auto'), prompt: SIMPLE, output: Output.object({ schema: z.object({ city: z.string(), country: z.string() }) }), maxRetries: 0 });
      expect(result.output).toEqual({ city: 'Paris', country: 'France' });
      // Messages has no JSON mode every model takes: the schema goes to the Anthropic model in words.
      expect(h.mock.requests[0]).toMatchObject({ family: 'anthropic', model: CHEAP });
      expect(JSON.stringify(h.mock.requests[0]?.body)).toContain('\\"country\\"');
    });

    it('speaks the Messages API through its Anthropic provider, streamed and whole', async () => {
      const anthropic = createAnthropic({ baseURL: `${h.anthropicBase}/v1`, apiKey: 'unused' });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 14, output: 3 } } });
      // "auto" is no model the SDK knows, so it asks for an output limit (else it sends 4,096 and warns).
      const whole = await generateText({ model: anthropic('auto'), prompt: SIMPLE, maxOutputTokens: 1024, maxRetries: 0 });
      expect(whole.text).toBe('Paris.');
      expect(whole.usage).toMatchObject({ outputTokens: 3 });

      h.mock.enqueue({ kind: 'reply', reply: { text: 'Optimistic locking assumes few conflicts.', usage: { input: 30, output: 8 } } });
      const streamed = streamText({ model: anthropic('auto'), prompt: HARDER, maxOutputTokens: 1024, maxRetries: 0 });
      let text = '';
      for await (const delta of streamed.textStream) text += delta;
      expect(text).toBe('Optimistic locking assumes few conflicts.');
      expect(h.mock.requests.map((r) => [r.family, r.model])).toEqual(SIMPLE_THEN_HARDER);
    });
  });

  describe('LangChain', () => {
    it('invokes and streams ChatOpenAI, and binds a tool', async () => {
      const chat = new ChatOpenAI({ model: 'auto', apiKey: 'unused', configuration: { baseURL: h.openaiBase }, maxRetries: 0 });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 12, output: 2 } } });
      const answer = await chat.invoke(SIMPLE);
      expect(answer.content).toBe('Paris.');
      expect(answer.usage_metadata).toMatchObject({ input_tokens: 12, output_tokens: 2 });

      h.mock.enqueue({ kind: 'reply', reply: { text: 'It depends on contention.', usage: { input: 30, output: 5 } } });
      let text = '';
      for await (const chunk of await chat.stream(HARDER)) text += typeof chunk.content === 'string' ? chunk.content : '';
      expect(text).toBe('It depends on contention.');

      h.mock.enqueue({ kind: 'reply', reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }], usage: { input: 40, output: 9 } } });
      const weather = langchainTool(async () => 'cold', { name: 'get_weather', description: WEATHER.description, schema: WEATHER.schema });
      const called = await chat.bindTools([weather]).invoke('What is the weather in Oslo?');
      expect(called.tool_calls?.map((c) => [c.name, c.args])).toEqual([['get_weather', { city: 'Oslo' }]]);
      expect(h.mock.requests.map((r) => r.family)).toEqual(['anthropic', 'openai', 'anthropic']);
    });

    it('invokes and streams ChatAnthropic', async () => {
      const chat = new ChatAnthropic({ model: 'auto', apiKey: 'unused', anthropicApiUrl: h.anthropicBase, maxRetries: 0 });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 12, output: 2 } } });
      const answer = await chat.invoke(SIMPLE);
      expect(answer.content).toBe('Paris.');

      h.mock.enqueue({ kind: 'reply', reply: { text: 'Pessimistic locking blocks.', usage: { input: 30, output: 5 } } });
      let text = '';
      for await (const chunk of await chat.stream(HARDER)) text += typeof chunk.content === 'string' ? chunk.content : '';
      expect(text).toBe('Pessimistic locking blocks.');
      expect(h.mock.requests.map((r) => [r.family, r.model])).toEqual(SIMPLE_THEN_HARDER);
    });
  });

  describe("OpenAI's Agents SDK", () => {
    it('runs an agent that calls a function tool and answers from its output, two turns over the Responses API', async () => {
      const runner = new Runner({ modelProvider: new OpenAIProvider({ baseURL: h.openaiBase, apiKey: 'unused', useResponses: true }), tracingDisabled: true });
      const looked: string[] = [];
      const weather = agentTool({
        name: 'get_weather',
        description: WEATHER.description,
        parameters: WEATHER.schema,
        execute: ({ city }) => {
          looked.push(city);
          return `${city}: 4 °C and raining`;
        },
      });
      const agent = new Agent({ name: 'Forecaster', instructions: 'Answer with the weather tool.', model: 'auto', tools: [weather] });
      h.mock.enqueue({ kind: 'reply', reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Bergen"}' }], usage: { input: 40, output: 9 } } });
      h.mock.enqueue({ kind: 'reply', reply: { text: 'Bergen: 4 °C and raining.', usage: { input: 60, output: 8 } } });
      const result = await runner.run(agent, 'What is the weather in Bergen?');
      expect(looked).toEqual(['Bergen']);
      expect(result.finalOutput).toBe('Bergen: 4 °C and raining.');
      // The second turn carried the call and its output: the proxy keeps no state between turns.
      expect(h.mock.requests).toHaveLength(2);
      expect(JSON.stringify(h.mock.requests[1]?.body)).toContain('4 °C and raining');
    });
  });
});

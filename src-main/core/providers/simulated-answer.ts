import type { ChatRequest, ChatResponse, ToolCall } from '../../../src-shared/chat';
import { contentText } from '../../../src-shared/chat';
import type { SimulatorProfile } from '../../../src-shared/config-schema';
import type { Tokenizer } from '../tokenizer';
import { valueForSchema } from './simulated-json';
import { seededRandom } from '../seeded-random';

/**
 * The simulator's deterministic answers: the same model and prompt always give the same text, so
 * demos and screenshots are reproducible, while different prompts and models read differently.
 */

const TEMPLATES = [
  'The short version: {a} matters most when {b} is taken into account.',
  'A practical way to approach {a} is to start small and check each step.',
  'In most cases {a} and {b} are closely related, so look at them together.',
  'One common mistake is to treat {a} in isolation from {c}.',
  'It helps to compare {a} with {b} before deciding.',
  'Evidence from typical cases suggests {a} behaves predictably once {b} is fixed.',
  'A useful rule of thumb is to keep {a} simple and measurable.',
  'If {b} changes, expect {a} to change as well.',
  'Consider the trade-off between {a} and {c}: each has costs.',
  'For a quick check, write down what {a} should produce and test it.',
  'Experts usually frame {a} in terms of {b} and {c}.',
  'To summarise, {a} is best understood through concrete examples.',
];

const GENERIC_SUBJECTS = ['the context', 'the goal', 'the details'];

const STOPWORDS = new Set(
  'about above after again against also because been before being below between both could does doing down during each from further have having here into itself just more most once only other over same should some such than that their them then there these they this those through under until very what when where which while will with would your yours explain write give tell show please the and for are but not you all can was one our out has his how its may new now see two way who did get let put say she too use why yes any few own off per via'.split(' '),
);

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}


function keywordsOf(prompt: string): string[] {
  const words = prompt.toLowerCase().match(/[a-z][a-z0-9'-]{2,}/g) ?? [];
  const unique = [...new Set(words.filter((w) => !STOPWORDS.has(w)))].slice(0, 8);
  // Short prompts still need three distinct subjects for the templates.
  for (const filler of GENERIC_SUBJECTS) if (unique.length < 3 && !unique.includes(filler)) unique.push(filler);
  return unique;
}

function lastUserText(req: ChatRequest): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i];
    if (m?.role === 'user') return contentText(m.content);
  }
  return '';
}

/** Everything the model would read, for input-token counting. */
function promptText(req: ChatRequest): string {
  const parts = req.messages.map((m) => contentText(m.content) + (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => c.name + c.arguments).join('') : ''));
  if (req.tools) parts.push(JSON.stringify(req.tools));
  return parts.join('\n');
}

/** Longer prompts get longer answers: half the profile's length for a one-liner, up to twice for a long brief. */
function targetTokens(profile: SimulatorProfile, promptTokens: number): number {
  return Math.max(8, Math.round(profile.answer_tokens * Math.min(2, 0.5 + promptTokens / 100)));
}

function forcedTool(req: ChatRequest): string | undefined {
  const tools = req.tools ?? [];
  const choice = req.toolChoice;
  if (choice === 'required') return tools[0]?.name;
  if (typeof choice === 'object') return tools.find((t) => t.name === choice.name)?.name;
  return undefined;
}

export function simulateAnswer(upstreamModel: string, req: ChatRequest, profile: SimulatorProfile, maxTokens: number | undefined, tokenizer: Tokenizer): ChatResponse {
  const { countTokens, decode, encode } = tokenizer;
  const prompt = lastUserText(req);
  const fullPrompt = promptText(req);
  const inputTokens = countTokens(fullPrompt);
  const seed = fnv1a(`${upstreamModel}\n${fullPrompt}`);
  const id = `sim-${seed.toString(16).padStart(8, '0')}`;
  const usage = (outputTokens: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0 });

  const tool = forcedTool(req);
  if (tool !== undefined) {
    const call: ToolCall = { id: `call_${id}`, name: tool, arguments: '{}' };
    return { id, model: upstreamModel, text: '', toolCalls: [call], finishReason: 'tool_calls', usage: usage(countTokens(tool + call.arguments)) };
  }

  const random = seededRandom(seed);
  const format = req.responseFormat;
  if (format && format.type !== 'text') {
    const label = `[simulated answer from ${upstreamModel}]`;
    const value = format.type === 'json_schema' ? valueForSchema(format.schema, random, label) : { answer: label };
    const json = JSON.stringify(value);
    return { id, model: upstreamModel, text: json, toolCalls: [], finishReason: 'stop', usage: usage(countTokens(json)) };
  }
  const words = keywordsOf(prompt);
  const choose = (items: readonly string[]) => items[Math.floor(random() * items.length)] ?? '';
  // Distinct keywords per sentence, so a sentence never relates a topic to itself.
  const chooseDistinct = (): string[] => {
    const pool = [...words];
    return [0, 1, 2].map(() => pool.splice(Math.floor(random() * pool.length), 1)[0] ?? '');
  };
  const target = targetTokens(profile, inputTokens);
  let text = `[simulated answer from ${upstreamModel}]`;
  let tokens = countTokens(text);
  while (tokens < target) {
    const [a = '', b = '', c = ''] = chooseDistinct();
    const sentence = ` ${choose(TEMPLATES).replace('{a}', a).replace('{b}', b).replace('{c}', c)}`;
    text += sentence;
    tokens += countTokens(sentence);
  }
  const truncated = maxTokens !== undefined && countTokens(text) > maxTokens;
  if (truncated) text = decode(encode(text).slice(0, maxTokens));
  return { id, model: upstreamModel, text, toolCalls: [], finishReason: truncated ? 'length' : 'stop', usage: usage(countTokens(text)) };
}

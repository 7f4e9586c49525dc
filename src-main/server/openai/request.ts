import { z } from 'zod';
import type { ChatMessage, ChatRequest, ContentPart, MessageContent, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from '../../../src-shared/chat';
import { isReasoningEffort } from '../../../src-shared/chat';
import { debugEnabled, debugLog } from '../../core/debug-log';
import { imagePartFromUrl } from '../image-url';
import { invalid, invalidFromZod, type ParseResult } from '../parsed-request';
import { isRecord, reportUntranslated } from '../untranslated';

/*
 * Only what the proxy itself reads is validated: the model, the messages it classifies (and
 * translates when the chosen model speaks another API), the stream flags and the token limits.
 * Other fields, roles and part types are the upstream's to judge: a relayed call carries them
 * untouched, a translated one maps what has a meaning on the other side and leaves the rest out
 * (logged with MMROUTER_DEBUG). Nulls mean "not given": many clients send explicit nulls.
 */
const Part = z.looseObject({ type: z.string() });
const MessageSchema = z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(Part)]).nullish() });

const ChatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(MessageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  n: z.number().int().positive().nullish(),
});

type PartIn = z.infer<typeof Part>;
type MessageIn = z.infer<typeof MessageSchema>;

/** The fields a translated call carries; the rest are named in the debug log when present. */
const TRANSLATED_FIELDS = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'n', 'tools', 'tool_choice',
  'parallel_tool_calls', 'response_format', 'temperature', 'top_p', 'stop', 'seed', 'user', 'reasoning_effort',
]);

function userParts(parts: PartIn[], where: string): ContentPart[] {
  const out: ContentPart[] = [];
  parts.forEach((part, i) => {
    if (part.type === 'text' && typeof part.text === 'string') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image_url' && (typeof part.image_url === 'string' || (isRecord(part.image_url) && typeof part.image_url.url === 'string'))) {
      out.push(imagePartFromUrl(typeof part.image_url === 'string' ? part.image_url : (part.image_url.url as string)));
    } else debugLog(`if translated, this request loses the '${part.type}' part at ${where}[${i}]`);
  });
  return out;
}

function content(value: string | PartIn[] | null | undefined, where: string): MessageContent {
  if (value == null) return '';
  return typeof value === 'string' ? value : userParts(value, where);
}

function assistantText(value: string | PartIn[] | null | undefined): MessageContent | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  let text = '';
  for (const part of value) {
    if (part.type === 'text' && typeof part.text === 'string') text += part.text;
    else if (part.type === 'refusal' && typeof part.refusal === 'string') text += part.refusal;
  }
  return text;
}

function toolCallsOf(calls: unknown, i: number): ToolCall[] {
  if (!Array.isArray(calls)) return [];
  const out: ToolCall[] = [];
  calls.forEach((c, j) => {
    const f = isRecord(c) ? c.function : undefined;
    if (isRecord(c) && typeof c.id === 'string' && (c.type == null || c.type === 'function') && isRecord(f) && typeof f.name === 'string') {
      out.push({ id: c.id, name: f.name, arguments: typeof f.arguments === 'string' ? f.arguments : '{}' });
    } else debugLog(`if translated, this request loses messages[${i}].tool_calls[${j}]: only function calls exist on other APIs`);
  });
  return out;
}

function toMessage(m: MessageIn, i: number): ChatMessage | undefined {
  const where = `messages[${i}].content`;
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: content(m.content, where) };
    case 'user':
      return { role: 'user', content: content(m.content, where) };
    case 'assistant': {
      const toolCalls = toolCallsOf(m.tool_calls, i);
      const text = assistantText(m.content);
      return toolCalls.length > 0 ? { role: 'assistant', content: text, toolCalls } : { role: 'assistant', content: text };
    }
    case 'tool':
      if (typeof m.tool_call_id === 'string') return { role: 'tool', toolCallId: m.tool_call_id, content: content(m.content, where) };
  }
  debugLog(`if translated, this request loses messages[${i}] (role '${m.role}')`);
  return undefined;
}

function toolsOf(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const out: ToolDefinition[] = [];
  tools.forEach((t, i) => {
    const f = isRecord(t) ? t.function : undefined;
    if (!isRecord(t) || (t.type != null && t.type !== 'function') || !isRecord(f) || typeof f.name !== 'string') {
      return debugLog(`if translated, this request loses tools[${i}] (${isRecord(t) ? String(t.type) : typeof t}): only function tools exist on other APIs`);
    }
    out.push({
      name: f.name,
      ...(typeof f.description === 'string' && f.description !== '' ? { description: f.description } : {}),
      parameters: isRecord(f.parameters) ? f.parameters : { type: 'object', properties: {} },
    });
  });
  return out.length > 0 ? out : undefined;
}

function toolChoiceOf(c: unknown): ToolChoice | undefined {
  if (c === 'auto' || c === 'none' || c === 'required') return c;
  if (isRecord(c) && (c.type == null || c.type === 'function') && isRecord(c.function) && typeof c.function.name === 'string') return { name: c.function.name };
  debugLog(`if translated, this request loses tool_choice ${JSON.stringify(c)}`);
  return undefined;
}

function responseFormatOf(f: unknown): ResponseFormat | undefined {
  if (isRecord(f) && (f.type === 'text' || f.type === 'json_object')) return { type: f.type };
  const s = isRecord(f) && f.type === 'json_schema' ? f.json_schema : undefined;
  if (isRecord(s) && typeof s.name === 'string') {
    return {
      type: 'json_schema',
      name: s.name,
      schema: isRecord(s.schema) ? s.schema : {},
      ...(typeof s.strict === 'boolean' ? { strict: s.strict } : {}),
      ...(typeof s.description === 'string' && s.description !== '' ? { description: s.description } : {}),
    };
  }
  debugLog(`if translated, this request loses response_format ${JSON.stringify(f)}`);
  return undefined;
}

/** Validates what the proxy reads of an OpenAI chat-completions body and translates it to the neutral request. */
export function parseChatCompletionRequest(body: unknown): ParseResult {
  const parsed = ChatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) return invalidFromZod(parsed.error);
  const b = parsed.data;
  if (b.n != null && b.n > 1) return invalid('n > 1 is not supported: this proxy returns one choice per request', 'n');
  if (debugEnabled()) reportUntranslated(b, TRANSLATED_FIELDS);
  const messages: ChatMessage[] = [];
  b.messages.forEach((m, i) => {
    const message = toMessage(m, i);
    if (message) messages.push(message);
  });
  const chat: ChatRequest = { messages };
  const tools = toolsOf(b.tools);
  if (tools) chat.tools = tools;
  const toolChoice = b.tool_choice == null ? undefined : toolChoiceOf(b.tool_choice);
  if (toolChoice) chat.toolChoice = toolChoice;
  if (typeof b.parallel_tool_calls === 'boolean') chat.parallelToolCalls = b.parallel_tool_calls;
  const responseFormat = b.response_format == null ? undefined : responseFormatOf(b.response_format);
  if (responseFormat) chat.responseFormat = responseFormat;
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  if (maxTokens != null) chat.maxTokens = maxTokens;
  if (typeof b.temperature === 'number') chat.temperature = b.temperature;
  if (typeof b.top_p === 'number') chat.topP = b.top_p;
  if (typeof b.stop === 'string') chat.stop = [b.stop];
  else if (Array.isArray(b.stop)) chat.stop = b.stop.filter((s): s is string => typeof s === 'string');
  if (typeof b.seed === 'number' && Number.isInteger(b.seed)) chat.seed = b.seed;
  if (typeof b.user === 'string' && b.user !== '') chat.user = b.user;
  if (isReasoningEffort(b.reasoning_effort)) chat.reasoningEffort = b.reasoning_effort;
  return { ok: true, value: { model: b.model, chat, stream: b.stream === true, includeUsage: b.stream_options?.include_usage === true } };
}

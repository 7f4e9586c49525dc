import { z } from 'zod';
import type { ChatMessage, ChatRequest, ContentPart, ReasoningEffort, ToolCall, ToolChoice, ToolDefinition } from '../../../src-shared/chat';
import { debugEnabled, debugLog } from '../../core/debug-log';
import { invalid, invalidFromZod, type ParseResult } from '../parsed-request';
import { isRecord, reportUntranslated } from '../untranslated';

/*
 * Only what the proxy itself reads is validated: the model, the messages it classifies (and
 * translates when the chosen model speaks another API), `stream` and `max_tokens`. Every other
 * field, role and block type is the upstream's to judge: a relayed call carries it untouched, a
 * translated one maps what has a meaning on the other side and leaves the rest out (logged with
 * MMROUTER_DEBUG). Nulls mean "not given".
 */
const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const ImageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.union([
    z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
  ]),
});
const ToolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.union([TextBlock, ImageBlock, z.looseObject({ type: z.string() })]))]).nullish(),
  is_error: z.boolean().nullish(),
});
const ToolUseBlock = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() });
const OtherBlock = z.looseObject({ type: z.string() });
const Block = z.union([TextBlock, ImageBlock, ToolResultBlock, ToolUseBlock, OtherBlock]);

const MessageSchema = z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(Block)]) });

export const MessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(MessageSchema),
  // Required by Anthropic's API; clients that omit it get the model's configured default.
  max_tokens: z.number().int().positive().nullish(),
  stream: z.boolean().nullish(),
});

export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
type BlockIn = z.infer<typeof Block>;

/** The fields a translated call carries; the rest are named in the debug log when present. */
const TRANSLATED_FIELDS = new Set(['model', 'messages', 'max_tokens', 'stream', 'system', 'tools', 'tool_choice', 'stop_sequences', 'temperature', 'top_p', 'metadata', 'thinking', 'output_config']);

/** Produced by the model and meaningless to another one: left out of a translated history. */
const MODEL_BLOCKS = new Set(['thinking', 'redacted_thinking']);

function imagePart(block: z.infer<typeof ImageBlock>): ContentPart {
  const s = block.source;
  return s.type === 'base64' ? { type: 'image', mediaType: s.media_type, data: s.data } : { type: 'image', url: s.url };
}

function asText(b: BlockIn): string | undefined {
  return b.type === 'text' && 'text' in b && typeof b.text === 'string' ? b.text : undefined;
}

function dropped(b: BlockIn, where: string): undefined {
  if (!MODEL_BLOCKS.has(b.type)) debugLog(`if translated, this request loses the '${b.type}' block at ${where}`);
  return undefined;
}

function userContentPart(b: BlockIn, where: string): ContentPart | undefined {
  const text = asText(b);
  if (text !== undefined) return { type: 'text', text };
  if (b.type === 'image' && ImageBlock.safeParse(b).success) return imagePart(b as z.infer<typeof ImageBlock>);
  return dropped(b, where);
}

function toolResultContent(block: z.infer<typeof ToolResultBlock>, where: string): string | ContentPart[] {
  const c = block.content;
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  const parts: ContentPart[] = [];
  c.forEach((b, i) => {
    const part = userContentPart(b as BlockIn, `${where}.content[${i}]`);
    if (part) parts.push(part);
  });
  return parts;
}

/** One Anthropic user turn can carry tool results and text: results become tool messages first. */
function userMessages(content: string | BlockIn[], i: number): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  content.forEach((b, j) => {
    const where = `messages[${i}].content[${j}]`;
    if (b.type === 'tool_result' && 'tool_use_id' in b) {
      const r = b as z.infer<typeof ToolResultBlock>;
      out.push({ role: 'tool', toolCallId: r.tool_use_id, content: toolResultContent(r, where), ...(r.is_error ? { isError: true } : {}) });
      return;
    }
    const part = userContentPart(b, where);
    if (part) parts.push(part);
  });
  if (parts.length > 0) out.push({ role: 'user', content: parts });
  return out;
}

function assistantMessage(content: string | BlockIn[], i: number): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const toolCalls: ToolCall[] = [];
  content.forEach((b, j) => {
    const t = asText(b);
    if (t !== undefined) text += t;
    else if (b.type === 'tool_use' && 'id' in b && 'name' in b) {
      const u = b as z.infer<typeof ToolUseBlock>;
      toolCalls.push({ id: u.id, name: u.name, arguments: JSON.stringify(u.input ?? {}) });
    } else dropped(b, `messages[${i}].content[${j}]`);
  });
  const message: ChatMessage = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  return message;
}

/** The text of a `system` field or a system message: a string or text blocks. */
function systemText(system: unknown): string {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return '';
  let out = '';
  for (const b of system) if (isRecord(b) && typeof b.text === 'string' && b.text !== '') out += (out ? '\n' : '') + b.text;
  return out;
}

/** Client tools translate; server tools (web search, code execution…) exist only on Anthropic. */
export function toolsOf(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const out: ToolDefinition[] = [];
  tools.forEach((t, i) => {
    const custom = isRecord(t) && (t.type == null || t.type === 'custom') && typeof t.name === 'string';
    if (!custom) return debugLog(`if translated, this request loses tools[${i}] (${isRecord(t) ? String(t.type ?? t.name) : typeof t}): only client tools exist on other APIs`);
    out.push({
      name: t.name as string,
      ...(typeof t.description === 'string' && t.description !== '' ? { description: t.description } : {}),
      parameters: isRecord(t.input_schema) ? t.input_schema : { type: 'object', properties: {} },
    });
  });
  return out.length > 0 ? out : undefined;
}

function toolChoiceOf(c: Record<string, unknown>): ToolChoice | undefined {
  switch (c.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      if (typeof c.name === 'string') return { name: c.name };
  }
  debugLog(`if translated, this request loses tool_choice ${JSON.stringify(c)}`);
  return undefined;
}

const EFFORTS = new Set<unknown>(['low', 'medium', 'high', 'xhigh', 'max']);

/**
 * `output_config.effort` says it directly; a manual thinking budget says it in tokens (the
 * bands follow the budgets Anthropic's docs suggest for light, moderate and deep thinking).
 * Adaptive thinking with no effort is the model's default, so it sets nothing.
 */
function reasoningEffortOf(thinking: unknown, outputConfig: unknown): ReasoningEffort | undefined {
  if (isRecord(thinking) && thinking.type === 'disabled') return undefined;
  if (isRecord(outputConfig) && EFFORTS.has(outputConfig.effort)) return outputConfig.effort as ReasoningEffort;
  if (!isRecord(thinking) || thinking.type !== 'enabled' || typeof thinking.budget_tokens !== 'number') return undefined;
  const budget = thinking.budget_tokens;
  return budget < 4096 ? 'low' : budget < 16384 ? 'medium' : 'high';
}

/** The neutral messages of an Anthropic request (system first); shared by /messages and count_tokens. */
export function toNeutralMessages(b: MessagesRequest): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const system = systemText(b.system);
  if (system) messages.push({ role: 'system', content: system });
  b.messages.forEach((m, i) => {
    if (m.role === 'user') messages.push(...userMessages(m.content, i));
    else if (m.role === 'assistant') messages.push(assistantMessage(m.content, i));
    // Claude Code puts reminders mid-conversation as system messages; they keep their place.
    else if (m.role === 'system') {
      const text = typeof m.content === 'string' ? m.content : systemText(m.content);
      if (text) messages.push({ role: 'system', content: text });
    } else debugLog(`if translated, this request loses messages[${i}]: role '${m.role}' has no counterpart`);
  });
  return messages;
}

/** Validates what the proxy reads of an Anthropic Messages body and translates it to the neutral request. */
export function parseMessagesRequest(body: unknown): ParseResult {
  const parsed = MessagesRequestSchema.safeParse(body);
  if (!parsed.success) return invalidFromZod(parsed.error);
  const b = parsed.data;
  if (b.messages.length === 0) return invalid('messages: at least one message is required', 'messages');
  if (debugEnabled()) reportUntranslated(b, TRANSLATED_FIELDS);
  const chat: ChatRequest = { messages: toNeutralMessages(b) };
  const tools = toolsOf(b.tools);
  if (tools) chat.tools = tools;
  if (isRecord(b.tool_choice)) {
    const choice = toolChoiceOf(b.tool_choice);
    if (choice) chat.toolChoice = choice;
    if (b.tool_choice.disable_parallel_tool_use === true) chat.parallelToolCalls = false;
  }
  if (b.max_tokens != null) chat.maxTokens = b.max_tokens;
  if (typeof b.temperature === 'number') chat.temperature = b.temperature;
  if (typeof b.top_p === 'number') chat.topP = b.top_p;
  if (Array.isArray(b.stop_sequences) && b.stop_sequences.length > 0) chat.stop = b.stop_sequences.filter((s): s is string => typeof s === 'string');
  if (isRecord(b.metadata) && typeof b.metadata.user_id === 'string' && b.metadata.user_id !== '') chat.user = b.metadata.user_id;
  const effort = reasoningEffortOf(b.thinking, b.output_config);
  if (effort) chat.reasoningEffort = effort;
  return { ok: true, value: { model: b.model, chat, stream: b.stream === true, includeUsage: false } };
}

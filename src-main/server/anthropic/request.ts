import { z } from 'zod';
import type { ChatMessage, ChatRequest, ContentPart, ToolCall, ToolChoice, ToolDefinition } from '../../../src-shared/chat';
import { invalidFromZod, invalid, type ParseResult, UnsupportedError } from '../parsed-request';

// Tolerant: unknown fields pass (cache_control, citations, metadata…), nulls mean "not given".
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

const MessageSchema = z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(Block)]) });

const ToolSchema = z.looseObject({
  type: z.string().nullish(),
  name: z.string().min(1),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
});

const ToolChoiceSchema = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().nullish(),
  disable_parallel_tool_use: z.boolean().nullish(),
});

export const MessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(MessageSchema),
  // Required by Anthropic's API; clients that omit it get the model's configured default.
  max_tokens: z.number().int().positive().nullish(),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().nullish() }))]).nullish(),
  tools: z.array(ToolSchema).nullish(),
  tool_choice: ToolChoiceSchema.nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
});

export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
type BlockIn = z.infer<typeof Block>;

/** Produced by the model and meaningless to another one; dropped from history rather than rejected. */
const DROPPED_BLOCKS = new Set(['thinking', 'redacted_thinking']);

function imagePart(block: z.infer<typeof ImageBlock>): ContentPart {
  const s = block.source;
  return s.type === 'base64' ? { type: 'image', mediaType: s.media_type, data: s.data } : { type: 'image', url: s.url };
}

function asText(b: BlockIn): string | undefined {
  return b.type === 'text' && 'text' in b && typeof b.text === 'string' ? b.text : undefined;
}

function userContentPart(b: BlockIn, param: string): ContentPart | undefined {
  const text = asText(b);
  if (text !== undefined) return { type: 'text', text };
  if (b.type === 'image') return imagePart(b as z.infer<typeof ImageBlock>);
  if (DROPPED_BLOCKS.has(b.type)) return undefined;
  throw new UnsupportedError(`content block type '${b.type}' is not supported by this proxy`, param);
}

function toolResultContent(block: z.infer<typeof ToolResultBlock>, param: string): string | ContentPart[] {
  const c = block.content;
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  return c.flatMap((b, i) => {
    const part = userContentPart(b as BlockIn, `${param}.content[${i}].type`);
    return part ? [part] : [];
  });
}

/** One Anthropic user turn can carry tool results and text: results become tool messages first. */
function userMessages(content: string | BlockIn[], i: number): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  content.forEach((b, j) => {
    const param = `messages[${i}].content[${j}]`;
    if (b.type === 'tool_result') {
      const r = b as z.infer<typeof ToolResultBlock>;
      out.push({ role: 'tool', toolCallId: r.tool_use_id, content: toolResultContent(r, param), ...(r.is_error ? { isError: true } : {}) });
      return;
    }
    const part = userContentPart(b, `${param}.type`);
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
    else if (b.type === 'tool_use') {
      const u = b as z.infer<typeof ToolUseBlock>;
      toolCalls.push({ id: u.id, name: u.name, arguments: JSON.stringify(u.input ?? {}) });
    } else if (!DROPPED_BLOCKS.has(b.type)) throw new UnsupportedError(`content block type '${b.type}' is not supported in assistant turns`, `messages[${i}].content[${j}].type`);
  });
  const message: ChatMessage = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  return message;
}

function systemText(system: MessagesRequest['system']): string {
  if (system == null) return '';
  if (typeof system === 'string') return system;
  return system.map((b) => b.text ?? '').filter((t) => t !== '').join('\n');
}

function toTool(t: z.infer<typeof ToolSchema>, i: number): ToolDefinition {
  if (t.type && t.type !== 'custom') throw new UnsupportedError(`server tool '${t.type}' is not supported by this proxy`, `tools[${i}].type`);
  return { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.input_schema ?? { type: 'object', properties: {} } };
}

function toToolChoice(c: z.infer<typeof ToolChoiceSchema>): ToolChoice {
  switch (c.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      if (!c.name) throw new UnsupportedError("tool_choice of type 'tool' needs a name", 'tool_choice.name');
      return { name: c.name };
  }
}

/** The neutral messages of an Anthropic request (system first); shared by /messages and count_tokens. */
export function toNeutralMessages(b: MessagesRequest): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const system = systemText(b.system);
  if (system) messages.push({ role: 'system', content: system });
  b.messages.forEach((m, i) => {
    if (m.role === 'user') messages.push(...userMessages(m.content, i));
    else messages.push(assistantMessage(m.content, i));
  });
  return messages;
}

/** Validates an Anthropic Messages body and translates it to the neutral request. */
export function parseMessagesRequest(body: unknown): ParseResult {
  const parsed = MessagesRequestSchema.safeParse(body);
  if (!parsed.success) return invalidFromZod(parsed.error);
  const b = parsed.data;
  if (b.messages.length === 0) return invalid('messages: at least one message is required', 'messages');
  try {
    const chat: ChatRequest = { messages: toNeutralMessages(b) };
    if (b.tools && b.tools.length > 0) chat.tools = b.tools.map(toTool);
    if (b.tool_choice != null) {
      chat.toolChoice = toToolChoice(b.tool_choice);
      if (b.tool_choice.disable_parallel_tool_use) chat.parallelToolCalls = false;
    }
    if (b.max_tokens != null) chat.maxTokens = b.max_tokens;
    if (b.temperature != null) chat.temperature = b.temperature;
    if (b.top_p != null) chat.topP = b.top_p;
    if (b.stop_sequences && b.stop_sequences.length > 0) chat.stop = b.stop_sequences;
    if (b.metadata?.user_id) chat.user = b.metadata.user_id;
    return { ok: true, value: { model: b.model, chat, stream: b.stream === true, includeUsage: false } };
  } catch (err) {
    if (err instanceof UnsupportedError) return invalid(err.message, err.param);
    throw err;
  }
}

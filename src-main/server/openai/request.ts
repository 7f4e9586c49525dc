import { z } from 'zod';
import type { ChatMessage, ChatRequest, ContentPart, MessageContent, ResponseFormat, ToolChoice, ToolDefinition } from '../../../src-shared/chat';
import { imagePartFromUrl } from '../image-url';
import { invalid, invalidFromZod, type ParseResult, UnsupportedError } from '../parsed-request';

// Tolerant schemas: unknown fields pass, `null` means "not given" (many clients send explicit nulls).
const TextPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const ImagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.union([z.string(), z.looseObject({ url: z.string(), detail: z.string().nullish() })]),
});
const OtherPart = z.looseObject({ type: z.string() });
const UserPart = z.union([TextPart, ImagePart, OtherPart]);
const AssistantPart = z.union([TextPart, z.looseObject({ type: z.literal('refusal'), refusal: z.string() }), OtherPart]);

const ToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').nullish(),
  function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
});

const MessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer']), content: z.union([z.string(), z.array(UserPart)]) }),
  z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(UserPart)]) }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(AssistantPart)]).nullish(),
    tool_calls: z.array(ToolCallSchema).nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: z.union([z.string(), z.array(UserPart)]) }),
]);

const ToolSchema = z.looseObject({
  type: z.string().nullish(),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const ToolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function').nullish(), function: z.looseObject({ name: z.string().min(1) }) }),
]);

const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const ChatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(MessageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  tools: z.array(ToolSchema).nullish(),
  tool_choice: ToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: ResponseFormatSchema.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().nullish(),
  n: z.number().int().positive().nullish(),
});

type UserPartIn = z.infer<typeof UserPart>;
type AssistantPartIn = z.infer<typeof AssistantPart>;
type MessageIn = z.infer<typeof MessageSchema>;

function userParts(parts: UserPartIn[], param: string): ContentPart[] {
  return parts.map((part, i): ContentPart => {
    if (part.type === 'text' && 'text' in part && typeof part.text === 'string') return { type: 'text', text: part.text };
    if (part.type === 'image_url' && 'image_url' in part) {
      const ref = part.image_url as string | { url: string };
      return imagePartFromUrl(typeof ref === 'string' ? ref : ref.url);
    }
    throw new UnsupportedError(`content part type '${part.type}' is not supported by this proxy`, `${param}[${i}].type`);
  });
}

function content(value: string | UserPartIn[], param: string): MessageContent {
  return typeof value === 'string' ? value : userParts(value, param);
}

function assistantText(value: string | AssistantPartIn[] | null | undefined): MessageContent | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  let text = '';
  for (const part of value) {
    if (part.type === 'text' && 'text' in part && typeof part.text === 'string') text += part.text;
    else if (part.type === 'refusal' && 'refusal' in part && typeof part.refusal === 'string') text += part.refusal;
  }
  return text;
}

function toMessage(m: MessageIn, i: number): ChatMessage {
  const param = `messages[${i}].content`;
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: content(m.content, param) };
    case 'user':
      return { role: 'user', content: content(m.content, param) };
    case 'assistant': {
      const toolCalls = (m.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments ?? '{}' }));
      return toolCalls.length > 0 ? { role: 'assistant', content: assistantText(m.content), toolCalls } : { role: 'assistant', content: assistantText(m.content) };
    }
    case 'tool':
      return { role: 'tool', toolCallId: m.tool_call_id, content: content(m.content, param) };
  }
}

function toTool(t: z.infer<typeof ToolSchema>, i: number): ToolDefinition {
  if (t.type && t.type !== 'function') throw new UnsupportedError(`tool type '${t.type}' is not supported; use 'function'`, `tools[${i}].type`);
  const f = t.function;
  return { name: f.name, ...(f.description ? { description: f.description } : {}), parameters: f.parameters ?? { type: 'object', properties: {} } };
}

function toToolChoice(c: z.infer<typeof ToolChoiceSchema>): ToolChoice {
  return typeof c === 'string' ? c : { name: c.function.name };
}

function toResponseFormat(f: z.infer<typeof ResponseFormatSchema>): ResponseFormat {
  if (f.type !== 'json_schema') return { type: f.type };
  const s = f.json_schema;
  return {
    type: 'json_schema',
    name: s.name,
    schema: s.schema ?? {},
    ...(s.strict == null ? {} : { strict: s.strict }),
    ...(s.description ? { description: s.description } : {}),
  };
}

/** Validates an OpenAI chat-completions body and translates it to the neutral request. */
export function parseChatCompletionRequest(body: unknown): ParseResult {
  const parsed = ChatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) return invalidFromZod(parsed.error);
  const b = parsed.data;
  if (b.n != null && b.n > 1) return invalid('n > 1 is not supported: this proxy returns one choice per request', 'n');
  try {
    const chat: ChatRequest = { messages: b.messages.map(toMessage) };
    if (b.tools && b.tools.length > 0) chat.tools = b.tools.map(toTool);
    if (b.tool_choice != null) chat.toolChoice = toToolChoice(b.tool_choice);
    if (b.parallel_tool_calls != null) chat.parallelToolCalls = b.parallel_tool_calls;
    if (b.response_format != null) chat.responseFormat = toResponseFormat(b.response_format);
    const maxTokens = b.max_completion_tokens ?? b.max_tokens;
    if (maxTokens != null) chat.maxTokens = maxTokens;
    if (b.temperature != null) chat.temperature = b.temperature;
    if (b.top_p != null) chat.topP = b.top_p;
    if (b.stop != null) chat.stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
    if (b.seed != null) chat.seed = b.seed;
    if (b.user) chat.user = b.user;
    return { ok: true, value: { model: b.model, chat, stream: b.stream === true, includeUsage: b.stream_options?.include_usage === true } };
  } catch (err) {
    if (err instanceof UnsupportedError) return invalid(err.message, err.param);
    throw err;
  }
}

import { z } from 'zod';
import type { ChatMessage, ChatRequest, ContentPart, MessageContent, ResponseFormat, ToolChoice, ToolDefinition } from '../../../src-shared/chat';
import { isReasoningEffort } from '../../../src-shared/chat';
import { debugEnabled, debugLog } from '../../core/debug-log';
import { imagePartFromUrl } from '../image-url';
import { invalid, invalidFromZod, type ParsedRequest, type ParseResult, UnsupportedError } from '../parsed-request';
import { reportUntranslated } from '../untranslated';

// Tolerant schemas, as for chat completions: unknown fields and item types pass (the relay to
// OpenAI carries them), `null` means "not given". Only what the proxy reads or translates is checked.
const Format = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);

const PartSchema = z.looseObject({ type: z.string() });
const Content = z.union([z.string(), z.array(PartSchema)]);
type Part = z.infer<typeof PartSchema>;

const ResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.looseObject({ type: z.string().optional() }))]),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  background: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.looseObject({ type: z.string() })]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: Format.nullish() }).nullish(),
  // Any effort string: a new level must still reach OpenAI; only the known ones are translated.
  reasoning: z.looseObject({ effort: z.string().nullish() }).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

export type ResponsesBody = z.infer<typeof ResponsesRequestSchema>;

/** A parsed Responses request keeps its validated body: the answer echoes the request's settings. */
export interface ParsedResponsesRequest extends ParsedRequest {
  body: ResponsesBody;
}

const MessageItem = z.looseObject({ role: z.enum(['user', 'assistant', 'system', 'developer']), content: Content });
const FunctionCallItem = z.looseObject({ call_id: z.string().min(1), name: z.string().min(1), arguments: z.string() });
const FunctionCallOutputItem = z.looseObject({ call_id: z.string().min(1), output: Content });
const FunctionTool = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
});
const FunctionChoice = z.looseObject({ name: z.string().min(1) });
const AllowedTools = z.looseObject({ mode: z.enum(['auto', 'required']), tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })) });

/** Top-level fields a translated request carries (or that only the proxy reads); the rest reach OpenAI only. */
const TRANSLATED_FIELDS = new Set([
  'model',
  'input',
  'instructions',
  'stream',
  'store',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'reasoning',
  'max_output_tokens',
  'temperature',
  'top_p',
  'user',
  'safety_identifier',
  'metadata',
]);

/** What needs responses kept by the server: this proxy keeps none, and says what to send instead. */
const STATELESS =
  'mmrouter does not store responses (each turn may be answered by a different provider): send the whole conversation in `input` (the earlier items, the previous output items, then the new ones) with `store: false`';

/** Validates one part of the body against its schema; a failure names the field under `param`. */
function checked<S extends z.ZodType>(schema: S, value: unknown, param: string): z.infer<S> {
  const out = schema.safeParse(value);
  if (out.success) return out.data;
  const issue = out.error.issues[0];
  let at = param;
  for (const key of issue?.path ?? []) at += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  throw new UnsupportedError(`${at}: ${issue?.message ?? 'invalid value'}`, at);
}

function partText(part: Part): string | undefined {
  if ((part.type === 'input_text' || part.type === 'output_text' || part.type === 'text') && typeof part.text === 'string') return part.text;
  if (part.type === 'refusal' && typeof part.refusal === 'string') return part.refusal;
  return undefined;
}

/**
 * Text and images; parts the neutral shape cannot carry (files, images by file id) are left out of
 * translated requests: only OpenAI, which gets the body relayed, can read them.
 */
function contentOf(content: z.infer<typeof Content>, where: string): MessageContent {
  if (typeof content === 'string') return content;
  const parts: ContentPart[] = [];
  content.forEach((part, i) => {
    const text = partText(part);
    if (text !== undefined) parts.push({ type: 'text', text });
    else if (part.type === 'input_image' && typeof part.image_url === 'string') parts.push(imagePartFromUrl(part.image_url));
    else debugLog(`if translated, this request loses the '${part.type}' part at ${where}[${i}]`);
  });
  return parts.length === 1 && parts[0]?.type === 'text' ? parts[0].text : parts;
}

function textOf(content: z.infer<typeof Content>): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) text += partText(part) ?? '';
  return text;
}

/** A function call joins the assistant turn before it: chat completions wants calls and their text in one message. */
function addToolCall(messages: ChatMessage[], call: { id: string; name: string; arguments: string }): void {
  const last = messages.at(-1);
  if (last?.role === 'assistant') (last.toolCalls ??= []).push(call);
  else messages.push({ role: 'assistant', content: null, toolCalls: [call] });
}

/**
 * Input items to neutral messages. Reasoning items, hosted tools' calls and `item_reference`s (ids
 * of items OpenAI stored, which clients such as the AI SDK send for reasoning) have no neutral form:
 * OpenAI gets them relayed, other families a request without them.
 */
function messagesOf(b: ResponsesBody): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (b.instructions) messages.push({ role: 'system', content: b.instructions });
  if (typeof b.input === 'string') {
    messages.push({ role: 'user', content: b.input });
    return messages;
  }
  b.input.forEach((item, i) => {
    const param = `input[${i}]`;
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const m = checked(MessageItem, item, param);
        if (m.role === 'assistant') messages.push({ role: 'assistant', content: textOf(m.content) });
        else messages.push({ role: m.role === 'user' ? 'user' : 'system', content: contentOf(m.content, `${param}.content`) });
        return;
      }
      case 'function_call': {
        const c = checked(FunctionCallItem, item, param);
        addToolCall(messages, { id: c.call_id, name: c.name, arguments: c.arguments });
        return;
      }
      case 'function_call_output': {
        const o = checked(FunctionCallOutputItem, item, param);
        messages.push({ role: 'tool', toolCallId: o.call_id, content: contentOf(o.output, `${param}.output`) });
        return;
      }
      default:
        debugLog(`if translated, this request loses ${param} (type '${type}'): it has no counterpart on other APIs`);
        return;
    }
  });
  return messages;
}

/** Function tools; hosted tools (web search, file search…) exist only on OpenAI, which gets them relayed. */
function toolsOf(b: ResponsesBody): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  (b.tools ?? []).forEach((t, i) => {
    if (t.type !== 'function') return debugLog(`if translated, this request loses tools[${i}] (${t.type}): only function tools exist on other APIs`);
    const f = checked(FunctionTool, t, `tools[${i}]`);
    tools.push({ name: f.name, ...(f.description ? { description: f.description } : {}), parameters: f.parameters ?? { type: 'object', properties: {} } });
  });
  return tools;
}

/** The choice, and for `allowed_tools` the function tools it allows. */
function toolChoiceOf(choice: NonNullable<ResponsesBody['tool_choice']>): { choice?: ToolChoice; allowed?: Set<string> } {
  if (typeof choice === 'string') return { choice };
  if (choice.type === 'function') return { choice: { name: checked(FunctionChoice, choice, 'tool_choice').name } };
  if (choice.type === 'allowed_tools') {
    const a = checked(AllowedTools, choice, 'tool_choice');
    return { choice: a.mode, allowed: new Set(a.tools.flatMap((t) => (t.type === 'function' && t.name ? [t.name] : []))) };
  }
  debugLog(`if translated, this request loses tool_choice ${JSON.stringify(choice)}`);
  return {};
}

function responseFormatOf(f: NonNullable<NonNullable<ResponsesBody['text']>['format']>): ResponseFormat {
  if (f.type !== 'json_schema') return { type: f.type };
  return {
    type: 'json_schema',
    name: f.name,
    schema: f.schema,
    ...(f.strict == null ? {} : { strict: f.strict }),
    ...(f.description ? { description: f.description } : {}),
  };
}

/** What a stateless proxy cannot serve, named with what to send instead. */
function statefulField(b: ResponsesBody): ReturnType<typeof invalid> | undefined {
  if (b.previous_response_id) return invalid(`previous_response_id is not supported: ${STATELESS}`, 'previous_response_id');
  if (b.store === true) return invalid(`store: true is not supported: ${STATELESS} (or leave store out)`, 'store');
  if (b.background === true) return invalid(`background: true is not supported: it needs stored responses to poll; ${STATELESS}`, 'background');
  if (b.conversation != null) return invalid(`conversation is not supported: ${STATELESS}`, 'conversation');
  return undefined;
}

/** Validates a Responses API body and translates it to the neutral request. */
export function parseResponsesRequest(body: unknown): ParseResult<ParsedResponsesRequest> {
  const parsed = ResponsesRequestSchema.safeParse(body);
  if (!parsed.success) return invalidFromZod(parsed.error);
  const b = parsed.data;
  const stateful = statefulField(b);
  if (stateful) return stateful;
  if (debugEnabled()) reportUntranslated(b, TRANSLATED_FIELDS);
  try {
    const chat: ChatRequest = { messages: messagesOf(b) };
    if (chat.messages.length === 0) return invalid('input: at least one message is required', 'input');
    let tools = toolsOf(b);
    if (b.tool_choice != null) {
      const { choice, allowed } = toolChoiceOf(b.tool_choice);
      if (allowed) tools = tools.filter((t) => allowed.has(t.name));
      if (choice !== undefined) chat.toolChoice = choice;
    }
    if (tools.length > 0) chat.tools = tools;
    if (b.parallel_tool_calls != null) chat.parallelToolCalls = b.parallel_tool_calls;
    if (b.text?.format != null) chat.responseFormat = responseFormatOf(b.text.format);
    const effort = b.reasoning?.effort;
    if (isReasoningEffort(effort)) chat.reasoningEffort = effort;
    if (b.max_output_tokens != null) chat.maxTokens = b.max_output_tokens;
    if (b.temperature != null) chat.temperature = b.temperature;
    if (b.top_p != null) chat.topP = b.top_p;
    const user = b.safety_identifier ?? b.user;
    if (user) chat.user = user;
    return { ok: true, value: { model: b.model, chat, stream: b.stream === true, includeUsage: false, body: b } };
  } catch (err) {
    if (err instanceof UnsupportedError) return invalid(err.message, err.param);
    throw err;
  }
}

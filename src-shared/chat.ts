/**
 * The provider-neutral chat shape the router works in. Both wire formats (OpenAI chat completions,
 * Anthropic messages) translate into and out of it, so any endpoint can reach any model family.
 */

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; url?: string; mediaType?: string; data?: string };

export type MessageContent = string | ContentPart[];

export interface ToolCall {
  id: string;
  name: string;
  /** JSON-encoded arguments exactly as the model produced them. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: MessageContent }
  | { role: 'user'; content: MessageContent }
  | { role: 'assistant'; content: MessageContent | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: MessageContent; isError?: boolean };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

/**
 * How hard a reasoning model thinks before it answers, on OpenAI's scale; Anthropic's
 * `output_config.effort` and thinking budgets map to it. Absent means the model's default.
 */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

const REASONING_EFFORTS = new Set<unknown>(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] satisfies ReasoningEffort[]);

/** Whether a client's effort setting is one the neutral shape knows (a newer level is relayed, not translated). */
export function isReasoningEffort(value: unknown): value is ReasoningEffort {
  return REASONING_EFFORTS.has(value);
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  user?: string;
  reasoningEffort?: ReasoningEffort;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface Usage {
  /** All input tokens, including cached ones. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache (subset of inputTokens). */
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (subset of inputTokens; Anthropic). */
  cacheWriteTokens: number;
  /** Output tokens a reasoning model spent thinking (subset of outputTokens), when the upstream reports any. */
  reasoningTokens?: number;
}

export interface ChatResponse {
  /** The upstream's response id. */
  id: string;
  /** The upstream model id that answered. */
  model: string;
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
}

/** Incremental output of a streamed call, in the order the model produced it. */
export type StreamEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_call_start'; index: number; id: string; name: string }
  | { type: 'tool_call_delta'; index: number; argumentsDelta: string }
  | { type: 'done'; response: ChatResponse };

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
}

/** The text of a message's content, images dropped. */
export function contentText(content: MessageContent | null): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  let out = '';
  for (const part of content) if (part.type === 'text') out += (out ? '\n' : '') + part.text;
  return out;
}

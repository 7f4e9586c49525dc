import type { FinishReason, Usage } from '../../../src-shared/chat';
import type { RouteResult } from '../../core/router/types';

export type StopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function messageId(requestId: string): string {
  return `msg_${requestId}`;
}

/** Anthropic counts cache reads and writes apart from `input_tokens`; the neutral total includes them. */
export function anthropicUsage(u: Usage): AnthropicUsage {
  return {
    input_tokens: Math.max(0, u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens),
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cachedInputTokens,
  };
}

export function stopReason(reason: FinishReason, hasToolCalls: boolean): StopReason {
  if (hasToolCalls && reason !== 'length') return 'tool_use';
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
  }
}

/** Tool arguments are JSON text in the neutral shape; Anthropic clients expect an object. */
export function toolInput(args: string): unknown {
  if (args.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { value };
  } catch {
    return { _raw_arguments: args };
  }
}

/** The Anthropic `message` object for a finished route. `model` is the configured name that answered. */
export function anthropicMessage(result: RouteResult): unknown {
  const { response, decision } = result;
  const content: unknown[] = [];
  if (response.text !== '' || response.toolCalls.length === 0) content.push({ type: 'text', text: response.text });
  for (const call of response.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  return {
    id: messageId(decision.requestId),
    type: 'message',
    role: 'assistant',
    model: decision.model ?? result.record.model ?? decision.requestedModel,
    content,
    stop_reason: stopReason(response.finishReason, response.toolCalls.length > 0),
    stop_sequence: null,
    usage: anthropicUsage(response.usage),
  };
}

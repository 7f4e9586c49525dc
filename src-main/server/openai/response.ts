import type { FinishReason, ToolCall, Usage } from '../../../src-shared/chat';
import type { RouteResult } from '../../core/router/types';

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

export function completionId(requestId: string): string {
  return `chatcmpl-${requestId}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function openaiUsage(u: Usage): OpenAIUsage {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function openaiToolCalls(calls: ToolCall[]): Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> {
  return calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
}

/** Tool calls win over the upstream's stop reason: OpenAI clients look for 'tool_calls' to run them. */
export function openaiFinishReason(reason: FinishReason, hasToolCalls: boolean): FinishReason {
  return hasToolCalls && reason === 'stop' ? 'tool_calls' : reason;
}

/** The `chat.completion` object for a finished route. `model` is the configured name that answered. */
export function chatCompletion(result: RouteResult): unknown {
  const { response, decision } = result;
  const hasToolCalls = response.toolCalls.length > 0;
  const message: Record<string, unknown> = { role: 'assistant', content: hasToolCalls && response.text === '' ? null : response.text, refusal: null, annotations: [] };
  if (hasToolCalls) message.tool_calls = openaiToolCalls(response.toolCalls);
  return {
    id: completionId(decision.requestId),
    object: 'chat.completion',
    created: nowSeconds(),
    model: decision.model ?? result.record.model ?? decision.requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openaiFinishReason(response.finishReason, hasToolCalls) }],
    usage: openaiUsage(response.usage),
    service_tier: 'default',
    system_fingerprint: null,
  };
}

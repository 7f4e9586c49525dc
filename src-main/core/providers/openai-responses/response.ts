import type { Response, ResponseUsage } from 'openai/resources/responses/responses';
import type { ChatResponse, FinishReason, ToolCall, Usage } from '../../../../src-shared/chat';
import { emptyUsage } from '../../../../src-shared/chat';

function usageOf(u: ResponseUsage | null | undefined): Usage {
  if (!u) return emptyUsage();
  const usage: Usage = {
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    cachedInputTokens: u.input_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: u.input_tokens_details?.cache_write_tokens ?? 0,
  };
  const reasoning = u.output_tokens_details?.reasoning_tokens;
  if (reasoning) usage.reasoningTokens = reasoning;
  return usage;
}

function finishReasonOf(r: Response, hasToolCalls: boolean): FinishReason {
  if (r.status === 'incomplete') return r.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/** The neutral reading of a Responses API `response` object, for records and pricing. */
export function responsesResponseOf(r: Response): ChatResponse {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const item of r.output ?? []) {
    if (item.type === 'message') {
      for (const part of item.content) text += part.type === 'output_text' ? part.text : part.refusal;
    } else if (item.type === 'function_call') {
      toolCalls.push({ id: item.call_id, name: item.name, arguments: item.arguments });
    }
  }
  return { id: r.id, model: r.model, text, toolCalls, finishReason: finishReasonOf(r, toolCalls.length > 0), usage: usageOf(r.usage) };
}

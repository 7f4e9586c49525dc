import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ChatResponse, FinishReason, StreamEvent, ToolCall, Usage } from '../../../src-shared/chat';
import { emptyUsage } from '../../../src-shared/chat';
import { ProviderError } from './types';

function finishReasonOf(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

function usageOf(u: CompletionUsage | null | undefined): Usage {
  if (!u) return emptyUsage();
  const usage: Usage = {
    inputTokens: u.prompt_tokens,
    outputTokens: u.completion_tokens,
    cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    // Only some servers report cache writes here (OpenRouter for Anthropic models, for one).
    cacheWriteTokens: u.prompt_tokens_details?.cache_write_tokens ?? 0,
  };
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (reasoning) usage.reasoningTokens = reasoning;
  return usage;
}

export function openaiResponseOf(c: ChatCompletion): ChatResponse {
  const choice = c.choices[0];
  const toolCalls: ToolCall[] = [];
  for (const call of choice?.message.tool_calls ?? []) {
    if (call.type === 'function') toolCalls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return {
    id: c.id,
    model: c.model,
    text: choice?.message.content ?? '',
    toolCalls,
    finishReason: finishReasonOf(choice?.finish_reason),
    usage: usageOf(c.usage),
  };
}

/** Turns chunks into our deltas; tool calls arrive as fragments keyed by index and are joined here. */
export class OpenAIStreamAssembler {
  private id = '';
  private model = '';
  private text = '';
  private readonly tools: ToolCall[] = [];
  /** Upstream tool-call index → our index (some servers number calls sparsely or omit the index). */
  private readonly toolIndex = new Map<number, number>();
  private finishReason: string | null = null;
  private usage: CompletionUsage | null | undefined;

  *accept(chunk: ChatCompletionChunk): Generator<StreamEvent> {
    if (!this.id) this.id = chunk.id;
    if (!this.model) this.model = chunk.model;
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return;
    const delta = choice.delta;
    if (delta.content) {
      this.text += delta.content;
      yield { type: 'text', delta: delta.content };
    }
    for (const [position, fragment] of (delta.tool_calls ?? []).entries()) {
      const upstreamIndex = fragment.index ?? position;
      let index = this.toolIndex.get(upstreamIndex);
      if (index === undefined) {
        index = this.tools.length;
        this.toolIndex.set(upstreamIndex, index);
        const call = { id: fragment.id ?? `call_${index}`, name: fragment.function?.name ?? '', arguments: '' };
        this.tools.push(call);
        yield { type: 'tool_call_start', index, id: call.id, name: call.name };
      }
      const args = fragment.function?.arguments;
      const call = this.tools[index];
      if (args && call) {
        call.arguments += args;
        yield { type: 'tool_call_delta', index, argumentsDelta: args };
      }
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  finish(): ChatResponse {
    if (this.finishReason === null) throw new ProviderError('network', 'stream ended before a finish_reason');
    return {
      id: this.id,
      model: this.model,
      text: this.text,
      toolCalls: this.tools.map((t) => ({ ...t, arguments: t.arguments || '{}' })),
      finishReason: finishReasonOf(this.finishReason),
      usage: usageOf(this.usage),
    };
  }
}

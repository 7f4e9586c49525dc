import type { Message, MessageDeltaUsage, RawMessageStreamEvent, StopReason, Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages';
import type { ChatResponse, FinishReason, StreamEvent, ToolCall, Usage } from '../../../src-shared/chat';
import { ProviderError } from './types';

function finishReasonOf(reason: StopReason | null): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Anthropic counts cached input apart from `input_tokens`; ours counts all input together. */
function usageOf(u: Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'>): Usage {
  const cacheRead = u.cache_read_input_tokens ?? 0;
  const cacheWrite = u.cache_creation_input_tokens ?? 0;
  return { inputTokens: u.input_tokens + cacheRead + cacheWrite, outputTokens: u.output_tokens, cachedInputTokens: cacheRead, cacheWriteTokens: cacheWrite };
}

export function anthropicResponseOf(message: Message): ChatResponse {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
  }
  return { id: message.id, model: message.model, text, toolCalls, finishReason: finishReasonOf(message.stop_reason), usage: usageOf(message.usage) };
}

/** Turns raw Messages stream events into our deltas and remembers enough to build the final response. */
export class AnthropicStreamAssembler {
  private id = '';
  private model = '';
  private text = '';
  private readonly tools: { id: string; name: string; arguments: string }[] = [];
  /** Upstream content-block index → our tool index (text blocks get none). */
  private readonly toolIndexByBlock = new Map<number, number>();
  private stopReason: StopReason | null = null;
  private usage = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0 as number | null, cache_creation_input_tokens: 0 as number | null };
  private stopped = false;

  *accept(event: RawMessageStreamEvent): Generator<StreamEvent> {
    switch (event.type) {
      case 'message_start':
        this.id = event.message.id;
        this.model = event.message.model;
        this.usage = { ...event.message.usage };
        return;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text' && block.text) {
          this.text += block.text;
          yield { type: 'text', delta: block.text };
        } else if (block.type === 'tool_use') {
          const index = this.tools.length;
          this.tools.push({ id: block.id, name: block.name, arguments: '' });
          this.toolIndexByBlock.set(event.index, index);
          yield { type: 'tool_call_start', index, id: block.id, name: block.name };
        }
        return;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta.type === 'text_delta') {
          this.text += delta.text;
          yield { type: 'text', delta: delta.text };
        } else if (delta.type === 'input_json_delta') {
          const index = this.toolIndexByBlock.get(event.index);
          const tool = index === undefined ? undefined : this.tools[index];
          if (index === undefined || !tool || !delta.partial_json) return;
          tool.arguments += delta.partial_json;
          yield { type: 'tool_call_delta', index, argumentsDelta: delta.partial_json };
        }
        return;
      }
      case 'message_delta':
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        this.mergeUsage(event.usage);
        return;
      case 'message_stop':
        this.stopped = true;
        return;
      default:
        return;
    }
  }

  /** `message_delta` usage is cumulative; fields it leaves null keep their `message_start` value. */
  private mergeUsage(u: MessageDeltaUsage): void {
    this.usage = {
      input_tokens: u.input_tokens ?? this.usage.input_tokens,
      output_tokens: u.output_tokens,
      cache_read_input_tokens: u.cache_read_input_tokens ?? this.usage.cache_read_input_tokens,
      cache_creation_input_tokens: u.cache_creation_input_tokens ?? this.usage.cache_creation_input_tokens,
    };
  }

  finish(): ChatResponse {
    if (!this.stopped) throw new ProviderError('network', 'stream ended before message_stop');
    return {
      id: this.id,
      model: this.model,
      text: this.text,
      // A tool called with no arguments streams no JSON at all.
      toolCalls: this.tools.map((t) => ({ ...t, arguments: t.arguments || '{}' })),
      finishReason: finishReasonOf(this.stopReason),
      usage: usageOf(this.usage),
    };
  }
}

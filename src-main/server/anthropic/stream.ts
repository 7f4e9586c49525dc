import type { RouteDecision } from '../../../src-shared/routing';
import type { RouteResult } from '../../core/router/types';
import type { ApiError } from '../errors';
import { sseEvent } from '../http/sse';
import type { DeltaEvent, StreamEncoder } from '../stream-encoder';
import { anthropicErrorBody } from './errors';
import { anthropicUsage, messageId, stopReason } from './response';

/**
 * Anthropic Messages SSE: message_start, then content blocks (text or tool_use) opened lazily as
 * the model switches between them, ping after the first block opens, message_delta, message_stop.
 */
export class AnthropicStreamEncoder implements StreamEncoder {
  private nextIndex = 0;
  private openIndex: number | undefined;
  private openKind: 'text' | 'tool' | undefined;
  private readonly toolBlocks = new Map<number, number>();
  private pinged = false;

  /** @param estimatedInputTokens shown in message_start; the exact count arrives in message_delta. */
  constructor(private readonly estimatedInputTokens: number) {}

  start(decision: RouteDecision): string {
    return sseEvent('message_start', {
      type: 'message_start',
      message: {
        id: messageId(decision.requestId),
        type: 'message',
        role: 'assistant',
        model: decision.model ?? decision.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: this.estimatedInputTokens, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    });
  }

  private closeOpen(): string {
    if (this.openIndex === undefined) return '';
    const out = sseEvent('content_block_stop', { type: 'content_block_stop', index: this.openIndex });
    this.openIndex = undefined;
    this.openKind = undefined;
    return out;
  }

  private open(kind: 'text' | 'tool', block: Record<string, unknown>): string {
    let out = this.closeOpen();
    this.openIndex = this.nextIndex++;
    this.openKind = kind;
    out += sseEvent('content_block_start', { type: 'content_block_start', index: this.openIndex, content_block: block });
    if (!this.pinged) {
      this.pinged = true;
      out += sseEvent('ping', { type: 'ping' });
    }
    return out;
  }

  delta(event: DeltaEvent): string {
    switch (event.type) {
      case 'text': {
        const out = this.openKind === 'text' ? '' : this.open('text', { type: 'text', text: '' });
        return out + sseEvent('content_block_delta', { type: 'content_block_delta', index: this.openIndex, delta: { type: 'text_delta', text: event.delta } });
      }
      case 'tool_call_start': {
        const out = this.open('tool', { type: 'tool_use', id: event.id, name: event.name, input: {} });
        this.toolBlocks.set(event.index, this.openIndex as number);
        return out;
      }
      case 'tool_call_delta': {
        const index = this.toolBlocks.get(event.index);
        if (index === undefined || event.argumentsDelta === '') return '';
        return sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: event.argumentsDelta } });
      }
    }
  }

  end(result: RouteResult): string {
    const { response } = result;
    return (
      this.closeOpen() +
      sseEvent('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason(response.finishReason, response.toolCalls.length > 0 || this.toolBlocks.size > 0), stop_sequence: null },
        usage: anthropicUsage(response.usage),
      }) +
      sseEvent('message_stop', { type: 'message_stop' })
    );
  }

  error(err: ApiError): string {
    return sseEvent('error', anthropicErrorBody(err));
  }
}

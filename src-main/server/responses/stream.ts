import type { RouteDecision } from '../../../src-shared/routing';
import type { RouteResult } from '../../core/router/types';
import type { ApiError } from '../errors';
import { sseEvent } from '../http/sse';
import { openaiErrorBody } from '../openai/errors';
import { nowSeconds } from '../openai/response';
import type { DeltaEvent, StreamEncoder } from '../stream-encoder';
import type { ResponsesBody } from './request';
import {
  finalStatus,
  functionCallItem,
  type FunctionCallItem,
  type MessageItem,
  messageItemId,
  outputText,
  responseId,
  responseObject,
  type ResponseState,
  type ResponseStatus,
  responsesUsage,
} from './response';

type Open = { kind: 'message'; item: MessageItem; index: number; text: string } | { kind: 'call'; item: FunctionCallItem; index: number };

/**
 * The Responses API's typed events, in the order OpenAI sends them: response.created and
 * .in_progress, then per output item .output_item.added, its content part or argument deltas and
 * their .done events, .output_item.done, and last response.completed (or .incomplete) carrying the
 * whole response with usage. Every event carries the next `sequence_number`.
 */
export class ResponsesStreamEncoder implements StreamEncoder {
  private seq = 0;
  private requestId = '';
  private readonly state: ResponseState = { id: '', createdAt: 0, model: '', status: 'in_progress', output: [], usage: null };
  private open: Open | undefined;
  /** Neutral tool-call index → its item and output index. */
  private readonly calls = new Map<number, { item: FunctionCallItem; index: number }>();

  constructor(private readonly req: ResponsesBody) {}

  private event(type: string, fields: Record<string, unknown>): string {
    return sseEvent(type, { type, sequence_number: this.seq++, ...fields });
  }

  private response(): Record<string, unknown> {
    return responseObject(this.req, this.state);
  }

  start(decision: RouteDecision): string {
    this.requestId = decision.requestId;
    Object.assign(this.state, { id: responseId(decision.requestId), createdAt: nowSeconds(), model: decision.model ?? decision.requestedModel });
    return this.event('response.created', { response: this.response() }) + this.event('response.in_progress', { response: this.response() });
  }

  private openMessage(): string {
    const index = this.state.output.length;
    const item: MessageItem = { id: messageItemId(this.requestId, index), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    this.state.output.push(item);
    this.open = { kind: 'message', item, index, text: '' };
    return (
      this.event('response.output_item.added', { output_index: index, item }) +
      this.event('response.content_part.added', { item_id: item.id, output_index: index, content_index: 0, part: outputText('') })
    );
  }

  private closeOpen(status: ResponseStatus): string {
    const open = this.open;
    if (!open) return '';
    this.open = undefined;
    const { item, index } = open;
    item.status = status;
    if (open.kind === 'message') {
      const part = outputText(open.text);
      open.item.content = [part];
      return (
        this.event('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text: open.text, logprobs: [] }) +
        this.event('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part }) +
        this.event('response.output_item.done', { output_index: index, item })
      );
    }
    // A tool called with no arguments streams none; its arguments are still a JSON object.
    if (open.item.arguments === '') open.item.arguments = '{}';
    return (
      this.event('response.function_call_arguments.done', { item_id: item.id, output_index: index, name: open.item.name, arguments: open.item.arguments }) +
      this.event('response.output_item.done', { output_index: index, item })
    );
  }

  delta(event: DeltaEvent): string {
    switch (event.type) {
      case 'text': {
        const out = this.open?.kind === 'message' ? '' : this.closeOpen('completed') + this.openMessage();
        const open = this.open as Extract<Open, { kind: 'message' }>;
        open.text += event.delta;
        return out + this.event('response.output_text.delta', { item_id: open.item.id, output_index: open.index, content_index: 0, delta: event.delta, logprobs: [] });
      }
      case 'tool_call_start': {
        const out = this.closeOpen('completed');
        const index = this.state.output.length;
        const item = functionCallItem(this.requestId, index, { id: event.id, name: event.name, arguments: '' }, 'in_progress');
        this.state.output.push(item);
        this.calls.set(event.index, { item, index });
        this.open = { kind: 'call', item, index };
        return out + this.event('response.output_item.added', { output_index: index, item });
      }
      case 'tool_call_delta': {
        const call = this.calls.get(event.index);
        if (!call || event.argumentsDelta === '') return '';
        call.item.arguments += event.argumentsDelta;
        return this.event('response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.index, delta: event.argumentsDelta });
      }
    }
  }

  end(result: RouteResult): string {
    const ending = finalStatus(result.response);
    // An answer with no output at all is still one (empty) message, as OpenAI sends it.
    let out = this.state.output.length === 0 ? this.openMessage() : '';
    out += this.closeOpen(ending.status === 'incomplete' && this.open?.kind === 'message' ? 'incomplete' : 'completed');
    Object.assign(this.state, ending, { usage: responsesUsage(result.response.usage) });
    const type = ending.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    return out + this.event(type, { response: this.response() });
  }

  /** The API's in-band `error` event: the SDKs end the stream with it as an APIError. */
  error(err: ApiError): string {
    const { error } = openaiErrorBody(err);
    return this.event('error', { code: error.code ?? error.type, message: error.message, param: error.param });
  }
}

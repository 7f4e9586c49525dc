import type { RouteDecision } from '../../../src-shared/routing';
import type { RouteResult } from '../../core/router/types';
import type { ApiError } from '../errors';
import { sseData } from '../http/sse';
import type { DeltaEvent, StreamEncoder } from '../stream-encoder';
import { openaiErrorBody } from './errors';
import { completionId, nowSeconds, openaiFinishReason, openaiUsage } from './response';

/** `chat.completion.chunk` SSE for one streamed completion, as OpenAI sends it. */
export class OpenAIStreamEncoder implements StreamEncoder {
  private id = '';
  private model = '';
  private created = 0;
  private sawToolCall = false;

  constructor(private readonly includeUsage: boolean) {}

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    const chunk: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (this.includeUsage) chunk.usage = null;
    return sseData(chunk);
  }

  start(decision: RouteDecision): string {
    this.id = completionId(decision.requestId);
    this.model = decision.model ?? decision.requestedModel;
    this.created = nowSeconds();
    return this.chunk({ role: 'assistant', content: '', refusal: null });
  }

  delta(event: DeltaEvent): string {
    switch (event.type) {
      case 'text':
        return this.chunk({ content: event.delta });
      case 'tool_call_start':
        this.sawToolCall = true;
        return this.chunk({ tool_calls: [{ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] });
      case 'tool_call_delta':
        return this.chunk({ tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }] });
    }
  }

  end(result: RouteResult): string {
    const { response } = result;
    let out = this.chunk({}, openaiFinishReason(response.finishReason, this.sawToolCall || response.toolCalls.length > 0));
    if (this.includeUsage) {
      out += sseData({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, system_fingerprint: null, choices: [], usage: openaiUsage(response.usage) });
    }
    return out + 'data: [DONE]\n\n';
  }

  error(err: ApiError): string {
    return sseData(openaiErrorBody(err));
  }
}

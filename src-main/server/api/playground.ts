import type { ChatMessage } from '../../../src-shared/chat';
import { ApiError, type ApiErrorBody } from '../../../src-shared/contract/errors';
import type { ParsedInput, PlaygroundPreview, PlaygroundResult } from '../../../src-shared/contract/operations';
import { chooseForClassification } from '../../core/router/candidates';
import { RouteError, type RouteResult } from '../../core/router/types';
import type { ApiEventBus } from './event-bus';
import type { RouterHost } from './router-host';

/** The GUI's playground: a cheap preview while the user types, and streamed runs through the router. */
export class Playground {
  private readonly runs = new Map<string, AbortController>();

  constructor(
    private readonly host: RouterHost,
    private readonly bus: ApiEventBus,
  ) {}

  async classify(prompt: string, signal?: AbortSignal): Promise<PlaygroundPreview> {
    const { router, loaded } = this.host.current;
    const c = await router.classify(prompt, signal);
    const choice = chooseForClassification(loaded.config.routes, loaded.config.classifier.threshold, c);
    return { ...c, tier: choice.tier, escalated: choice.escalated, model: choice.candidates[0] ?? '', candidates: [...choice.candidates], reasons: choice.reasons };
  }

  async run(input: ParsedInput<'playground.run'>, callerSignal?: AbortSignal): Promise<PlaygroundResult> {
    const { runId } = input;
    if (this.runs.has(runId)) throw new ApiError({ code: 'conflict', message: `run ${runId} is already running`, field: 'runId' });
    const controller = new AbortController();
    this.runs.set(runId, controller);
    const signal = callerSignal ? AbortSignal.any([controller.signal, callerSignal]) : controller.signal;
    const messages: ChatMessage[] = [...(input.system ? [{ role: 'system' as const, content: input.system }] : []), { role: 'user', content: input.prompt }];
    let requestId: string | null = null;
    try {
      const stream = this.host.routerApi.stream({ model: input.model ?? 'auto', chat: { messages, ...(input.maxTokens ? { maxTokens: input.maxTokens } : {}) }, source: 'playground', signal });
      for await (const event of stream) {
        if (event.type === 'start') requestId = event.decision.requestId;
        else if (event.type === 'text') this.bus.emit('playground.token', { runId, text: event.delta });
        else if (event.type === 'end') {
          const result = resultOf(runId, event.result);
          this.bus.emit('playground.done', { runId, result });
          return result;
        }
      }
      throw new Error('the answer ended without a result');
    } catch (err) {
      const error = errorOf(err, signal.aborted);
      this.bus.emit('playground.error', { runId, error, requestId: err instanceof RouteError ? err.decision.requestId : requestId });
      throw new ApiError(error);
    } finally {
      this.runs.delete(runId);
    }
  }

  cancel(runId: string): { cancelled: boolean } {
    const run = this.runs.get(runId);
    run?.abort(new Error('cancelled'));
    return { cancelled: run !== undefined };
  }
}

function resultOf(runId: string, { decision, response, record }: RouteResult): PlaygroundResult {
  return {
    runId,
    requestId: decision.requestId,
    text: response.text,
    model: decision.model ?? '',
    provider: decision.provider ?? '',
    upstreamModel: response.model,
    tier: decision.tier ?? null,
    complexity: decision.classification?.complexity ?? null,
    category: decision.classification?.category ?? null,
    confidence: decision.classification?.confidence ?? null,
    costUsd: record.costUsd,
    baselineCostUsd: record.baselineCostUsd,
    latencyMs: record.latencyMs,
    ttftMs: record.ttftMs,
    usage: response.usage,
    decision: { ...decision, candidates: [...decision.candidates] },
  };
}

function errorOf(err: unknown, aborted: boolean): ApiErrorBody {
  if (aborted) return { code: 'cancelled', message: 'the run was cancelled' };
  if (err instanceof RouteError) {
    if (err.errorClass === 'not_found' && err.decision.candidates.length === 0) return { code: 'invalid_input', message: err.message, field: 'model' };
    return { code: 'upstream', message: err.message };
  }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

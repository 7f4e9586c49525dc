import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RouteResult, RouterApi } from '../core/router/types';
import { decisionHeaders, resultHeaders } from './headers';
import { sendJson } from './http/respond';
import { startSse, writeSse } from './http/sse';
import type { ProxyMetrics } from './metrics';
import type { ParsedRequest } from './parsed-request';
import { describeFailure, lastTriedModel } from './route-failure';
import { sendApiError } from './send-error';
import type { WireFamily } from './wire-family';

export interface RoutedContext {
  router: RouterApi;
  metrics: ProxyMetrics;
  res: ServerResponse;
  /** Aborted when the client disconnects or the server gives up draining. */
  signal: AbortSignal;
  /** CORS headers for this request. */
  headers: OutgoingHttpHeaders;
  startedAt: number;
}

function observeSuccess(ctx: RoutedContext, family: WireFamily, result: RouteResult): void {
  const { record } = result;
  ctx.metrics.observe({
    endpoint: family.endpoint,
    model: result.decision.model ?? record.model ?? '',
    status: 200,
    durationMs: performance.now() - ctx.startedAt,
    costUsd: record.costUsd,
    inputTokens: record.usage.inputTokens,
    outputTokens: record.usage.outputTokens,
  });
}

/** Answers a failure before anything was sent: a normal JSON error in the family's shape. */
function failBeforeStart(ctx: RoutedContext, family: WireFamily, err: unknown): void {
  const failure = describeFailure(err);
  const status = ctx.signal.aborted ? 499 : family.errorStatus(failure.api);
  ctx.metrics.observe({ endpoint: family.endpoint, model: lastTriedModel(failure.decision), status, durationMs: performance.now() - ctx.startedAt, errorClass: failure.errorClass });
  if (ctx.signal.aborted) return;
  sendApiError(ctx.res, family, failure.api, { ...ctx.headers, ...(failure.decision ? decisionHeaders(failure.decision) : {}) });
}

async function complete(ctx: RoutedContext, family: WireFamily, parsed: ParsedRequest): Promise<void> {
  let result: RouteResult;
  try {
    result = await ctx.router.route({ model: parsed.model, chat: parsed.chat, source: family.source, signal: ctx.signal });
  } catch (err) {
    failBeforeStart(ctx, family, err);
    return;
  }
  observeSuccess(ctx, family, result);
  sendJson(ctx.res, 200, family.render(result), Object.assign(resultHeaders(result), ctx.headers));
}

async function stream(ctx: RoutedContext, family: WireFamily, parsed: ParsedRequest): Promise<void> {
  const { res } = ctx;
  const encoder = family.encoder(parsed);
  let started = false;
  try {
    for await (const event of ctx.router.stream({ model: parsed.model, chat: parsed.chat, source: family.source, signal: ctx.signal })) {
      if (ctx.signal.aborted) break;
      if (event.type === 'start') {
        started = true;
        await startSse(res, Object.assign(decisionHeaders(event.decision), ctx.headers), encoder.start(event.decision));
      } else if (event.type === 'end') {
        observeSuccess(ctx, family, event.result);
        await writeSse(res, encoder.end(event.result));
      } else {
        await writeSse(res, encoder.delta(event));
      }
    }
  } catch (err) {
    if (!started) {
      failBeforeStart(ctx, family, err);
      return;
    }
    const failure = describeFailure(err);
    ctx.metrics.observe({ endpoint: family.endpoint, model: lastTriedModel(failure.decision), status: ctx.signal.aborted ? 499 : 200, durationMs: performance.now() - ctx.startedAt, errorClass: failure.errorClass });
    if (!ctx.signal.aborted) await writeSse(res, encoder.error(failure.api));
  }
  if (!started && !ctx.signal.aborted && !res.headersSent) {
    failBeforeStart(ctx, family, new Error('the router stream ended before the model produced output'));
    return;
  }
  if (!res.writableEnded) res.end();
}

/** Routes one parsed chat request and answers in the client's wire format, streamed or whole. */
export function handleRouted(ctx: RoutedContext, family: WireFamily, parsed: ParsedRequest): Promise<void> {
  return parsed.stream ? stream(ctx, family, parsed) : complete(ctx, family, parsed);
}

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RouteDecision } from '../../src-shared/routing';
import type { CancelSignal } from '../core/cancel-signal';
import type { NativeRequest } from '../core/providers/types';
import type { RouteRequest, RouteResult, RouterApi } from '../core/router/types';
import { decisionHeaders, resultHeaders } from './headers';
import { sendSerializedJson } from './http/respond';
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
  signal: CancelSignal;
  /** CORS headers for this request. */
  headers: OutgoingHttpHeaders;
  startedAt: number;
}

function observeSuccess(ctx: RoutedContext, family: Pick<WireFamily, 'endpoint'>, result: RouteResult): void {
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
function failBeforeStart(ctx: RoutedContext, family: Pick<WireFamily, 'endpoint' | 'errorStatus' | 'errorBody'>, err: unknown): void {
  const failure = describeFailure(err);
  const status = ctx.signal.aborted ? 499 : family.errorStatus(failure.api);
  ctx.metrics.observe({ endpoint: family.endpoint, model: lastTriedModel(failure.decision), status, durationMs: performance.now() - ctx.startedAt, errorClass: failure.errorClass });
  if (ctx.signal.aborted) return;
  sendApiError(ctx.res, family, failure.api, { ...ctx.headers, ...(failure.decision ? decisionHeaders(failure.decision) : {}) });
}

function routeRequest(ctx: RoutedContext, family: Pick<WireFamily, 'source'>, parsed: ParsedRequest, native: NativeRequest): RouteRequest {
  return { model: parsed.model, chat: parsed.chat, source: family.source, signal: ctx.signal, native };
}

async function complete<P extends ParsedRequest>(ctx: RoutedContext, family: WireFamily<P>, parsed: P, native: NativeRequest): Promise<void> {
  let result: RouteResult;
  try {
    result = await ctx.router.route(routeRequest(ctx, family, parsed, native));
  } catch (err) {
    failBeforeStart(ctx, family, err);
    return;
  }
  const headers = Object.assign(resultHeaders(result), ctx.headers);
  if (result.raw) sendSerializedJson(ctx.res, 200, result.raw.body, Object.assign(headers, result.raw.headers));
  else sendSerializedJson(ctx.res, 200, JSON.stringify(family.render(result, parsed)), headers);
  // Bookkeeping after the answer has left: it is not the client's latency.
  observeSuccess(ctx, family, result);
}

async function stream<P extends ParsedRequest>(ctx: RoutedContext, family: WireFamily<P>, parsed: P, native: NativeRequest): Promise<void> {
  const { res } = ctx;
  const encoder = family.encoder(parsed);
  let started = false;
  // The headers wait for the first event so both leave in one write; a relayed stream has no
  // opening event of ours and ends with the upstream's own closing events.
  let decision: RouteDecision | undefined;
  let relayed = false;
  try {
    for await (const event of ctx.router.stream(routeRequest(ctx, family, parsed, native))) {
      if (ctx.signal.aborted) break;
      if (event.type === 'start') {
        decision = event.decision;
        continue;
      }
      if (event.type === 'raw') relayed = true;
      // The encoder's opening event comes first: it fixes the id and model the deltas repeat.
      const opening = decision && !relayed ? encoder.start(decision) : '';
      let text: string;
      if (event.type === 'raw') text = event.data;
      else if (event.type === 'end') {
        observeSuccess(ctx, family, event.result);
        text = relayed ? '' : encoder.end(event.result);
      } else text = encoder.delta(event);
      if (decision) {
        started = true;
        const upstream = event.type === 'raw' ? event.headers : undefined;
        await startSse(res, Object.assign(decisionHeaders(decision), ctx.headers, upstream), opening + text);
        decision = undefined;
      } else {
        await writeSse(res, text);
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
export function handleRouted<P extends ParsedRequest>(ctx: RoutedContext, family: WireFamily<P>, parsed: P, native: NativeRequest): Promise<void> {
  return parsed.stream ? stream(ctx, family, parsed, native) : complete(ctx, family, parsed, native);
}

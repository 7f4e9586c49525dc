import { isAscii } from 'node:buffer';
import { createServer as createHttpServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { Cancellation } from '../core/cancel-signal';
import type { RouterApi } from '../core/router/types';
import { utf8Text } from '../core/utf8-text';
import { anthropicFamily } from './anthropic/family';
import { countTokens } from './anthropic/count-tokens';
import type { ApiError } from './errors';
import { type FeedbackPort, recordFeedback } from './feedback';
import { createKeyCheck } from './http/auth';
import { BodyTooLargeError, readBody } from './http/body';
import { listen } from './http/listen';
import { corsHeaders, isAllowedOrigin, isLoopbackHost, preflightHeaders } from './http/origin';
import { sendJson, sendText } from './http/respond';
import { ProxyMetrics } from './metrics';
import { modelList, modelObject, wantsAnthropicShape } from './models';
import { openaiFamily } from './openai/family';
import { responsesFamily } from './responses/family';
import { unstoredResponse } from './responses/stored';
import { handleRouted } from './routed';
import { type ErrorShape, sendApiError } from './send-error';
import type { ParsedRequest } from './parsed-request';
import type { WireFamily } from './wire-family';

export interface ServerOptions {
  router: RouterApi;
  feedback: FeedbackPort | undefined;
  /** When set, every endpoint but /healthz needs it (Bearer or x-api-key). */
  apiKey?: string;
  host: string;
  port: number;
  /** Default 10 MB. */
  bodyLimitBytes?: number;
  /** Allow listening on a non-loopback address without an API key. */
  insecure?: boolean;
  /** Time a client gets to send a whole request (headers and body). Default 60 s. */
  requestTimeoutMs?: number;
  /** How long close() waits for in-flight requests before aborting them. Default 30 s. */
  drainTimeoutMs?: number;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 (clients add /v1). */
  url: string;
  metrics: ProxyMetrics;
  /** Stops accepting, lets in-flight requests finish, then closes the router (which flushes the tracker). */
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** CORS headers every response carries. */
  headers: OutgoingHttpHeaders;
  shape: ErrorShape;
}

type Handler = (x: Exchange) => Promise<void> | void;
type Endpoint = Partial<Record<'GET' | 'POST' | 'DELETE', Handler>>;

/** Paths clients reach with a base URL that lacks `/v1`. */
function canonicalPath(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  let path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path === '/chat/completions' || path.startsWith('/messages') || path.startsWith('/models') || path.startsWith('/responses')) path = `/v1${path}`;
  return path;
}

function hostnameOfHostHeader(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function error(status: number, kind: ApiError['kind'], message: string): ApiError {
  return { status, kind, message };
}

function assertSafeBind(opts: ServerOptions): void {
  if (opts.apiKey || opts.insecure || isLoopbackHost(opts.host)) return;
  throw new Error(
    `refusing to listen on ${opts.host} without an API key: anyone who can reach it could spend your provider credit. ` +
      'Set MMROUTER_API_KEY, bind to 127.0.0.1, or pass --insecure if you really mean it.',
  );
}

/** Starts the OpenAI- and Anthropic-compatible proxy over a router. */
export async function createServer(opts: ServerOptions): Promise<RunningServer> {
  assertSafeBind(opts);
  const { router } = opts;
  const bodyLimit = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 60_000;
  const keyOk = createKeyCheck(opts.apiKey);
  // Without a key, only Host names of this machine are served: defeats DNS rebinding from web pages.
  const checkHost = !opts.apiKey && !opts.insecure;
  const metrics = new ProxyMetrics();
  const inFlight = new Set<Cancellation>();
  let draining = false;
  let drained: (() => void) | undefined;

  /**
   * The body's bytes and their parse: a relay sends the client's own bytes on with only its
   * changes spliced in, and scans them read as Latin-1, which an ASCII body's text already is.
   */
  function readJson(x: Exchange): Promise<{ received: Buffer; receivedLatin1: string | undefined; value: unknown }> {
    return readBody(x.req, bodyLimit).then((bytes) => {
      if (bytes.length === 0) throw new SyntaxError('empty body');
      const latin1 = isAscii(bytes) ? bytes.toString('latin1') : undefined;
      return { received: bytes, receivedLatin1: latin1, value: JSON.parse(latin1 ?? utf8Text(bytes)) };
    });
  }

  function routedEndpoint<P extends ParsedRequest>(family: WireFamily<P>): Handler {
    return async (x) => {
      const startedAt = performance.now();
      const { received, receivedLatin1, value: body } = await readJson(x);
      const parsed = family.parse(body);
      if (!parsed.ok) {
        metrics.observe({ endpoint: family.endpoint, model: '', status: 400, durationMs: performance.now() - startedAt, errorClass: 'bad_request' });
        sendApiError(x.res, family, parsed.error, x.headers);
        return;
      }
      const controller = new Cancellation();
      inFlight.add(controller);
      const onClose = (): void => {
        if (!x.res.writableFinished) controller.abort();
      };
      // `on`, not `once`: a response closes once, and `once` wraps each listener in an object per request.
      x.res.on('close', onClose);
      try {
        const native = { api: family.api, body: body as Record<string, unknown>, received, receivedLatin1, headers: x.req.headers };
        await handleRouted({ router, metrics, res: x.res, signal: controller, headers: x.headers, startedAt }, family, parsed.value, native);
      } finally {
        x.res.off('close', onClose);
        inFlight.delete(controller);
        if (draining && inFlight.size === 0) drained?.();
      }
    };
  }

  const endpoints = new Map<string, Endpoint>([
    ['/v1/chat/completions', { POST: routedEndpoint(openaiFamily) }],
    ['/v1/messages', { POST: routedEndpoint(anthropicFamily) }],
    ['/v1/responses', { POST: routedEndpoint(responsesFamily) }],
    [
      '/v1/messages/count_tokens',
      {
        POST: async (x) => {
          const out = await countTokens((await readJson(x)).value);
          if (out.ok) sendJson(x.res, 200, out.body, x.headers);
          else sendApiError(x.res, x.shape, out.error, x.headers);
        },
      },
    ],
    ['/v1/models', { GET: (x) => sendJson(x.res, 200, modelList(router.models(), wantsAnthropicShape(x.req.headers)), x.headers) }],
    [
      '/v1/feedback',
      {
        POST: async (x) => {
          const out = await recordFeedback(opts.feedback, (await readJson(x)).value);
          if (out.ok) sendJson(x.res, 200, out.body, x.headers);
          else sendApiError(x.res, x.shape, out.error, x.headers);
        },
      },
    ],
    ['/metrics', { GET: (x) => sendText(x.res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8') }],
    ['/healthz', { GET: (x) => sendJson(x.res, 200, { status: draining ? 'draining' : 'ok' }, x.headers) }],
    ['/', { GET: (x) => sendJson(x.res, 200, { name: 'mmrouter', status: 'ok', openai_base_url: '/v1', anthropic_base_url: '/' }, x.headers) }],
  ]);

  function modelById(x: Exchange, path: string): void {
    let id: string;
    try {
      id = decodeURIComponent(path.slice('/v1/models/'.length));
    } catch {
      id = '';
    }
    const model = modelObject(router.models(), id, wantsAnthropicShape(x.req.headers));
    if (model) sendJson(x.res, 200, model, x.headers);
    else sendApiError(x.res, x.shape, { status: 404, kind: 'not_found', message: `model '${id}' does not exist`, param: 'model' }, x.headers);
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = canonicalPath(req.url ?? '/');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const x: Exchange = { req, res, headers: corsHeaders(req.headers), shape: path.startsWith('/v1/messages') ? anthropicFamily : openaiFamily };
    if (draining) x.headers.connection = 'close';

    if (method === 'OPTIONS') {
      res.writeHead(204, preflightHeaders(req.headers));
      res.end();
      return;
    }
    if (!isAllowedOrigin(req.headers.origin)) return sendApiError(res, x.shape, error(403, 'permission', 'requests from this web origin are not allowed'), x.headers);
    if (checkHost && req.headers.host !== undefined && !isLoopbackHost(hostnameOfHostHeader(req.headers.host))) {
      return sendApiError(res, x.shape, error(403, 'permission', 'this proxy only answers requests addressed to localhost'), x.headers);
    }
    if (path !== '/healthz' && !keyOk(req.headers)) {
      return sendApiError(res, x.shape, error(401, 'authentication', 'missing or invalid API key for this mmrouter proxy'), x.headers);
    }

    const endpoint = endpoints.get(path);
    if (!endpoint) {
      if (path.startsWith('/v1/models/') && method === 'GET') return modelById(x, path);
      if (path.startsWith('/v1/responses/') && method !== 'POST') return sendApiError(res, x.shape, unstoredResponse(path), x.headers);
      return sendApiError(res, x.shape, error(404, 'not_found', `no endpoint ${path}`), x.headers);
    }
    const handler = endpoint[method as keyof Endpoint];
    if (!handler) {
      const allow = Object.keys(endpoint).join(', ');
      return sendApiError(res, x.shape, error(405, 'method_not_allowed', `${req.method ?? ''} is not allowed on ${path}; use ${allow}`), { ...x.headers, allow });
    }
    // Returned, not awaited: this frame need not stay alive while the request waits on its upstream.
    return handler(x);
  }

  function failRequest(res: ServerResponse, path: string, err: unknown): void {
    const shape = path.startsWith('/v1/messages') ? anthropicFamily : openaiFamily;
    if (err instanceof BodyTooLargeError) return sendApiError(res, shape, error(413, 'too_large', err.message), { connection: 'close' });
    if (err instanceof SyntaxError) return sendApiError(res, shape, error(400, 'invalid_request', `request body is not valid JSON: ${err.message}`));
    if (res.destroyed) return;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    console.error(`mmrouter proxy: unhandled error on ${path}: ${message}`);
    sendApiError(res, shape, error(500, 'internal', 'internal error in the mmrouter proxy'));
  }

  const server = createHttpServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(requestTimeoutMs, 30_000),
      // Node checks the timeouts above only this often; the default (30 s) would let them overrun.
      connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs),
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      metrics.inFlight += 1;
      res.on('close', () => (metrics.inFlight -= 1));
      dispatch(req, res).catch((err: unknown) => failRequest(res, canonicalPath(req.url ?? '/'), err));
    },
  );

  const url = await listen(server, opts.port, opts.host);

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    draining = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight.size > 0) {
      const allDone = new Promise<void>((resolve) => (drained = resolve));
      const timer = setTimeout(() => {
        for (const c of inFlight) c.abort();
      }, opts.drainTimeoutMs ?? 30_000);
      await allDone;
      clearTimeout(timer);
    }
    server.closeAllConnections();
    await stopped;
    await router.close();
  }

  return {
    url,
    metrics,
    close: () => (closing ??= close()),
  };
}

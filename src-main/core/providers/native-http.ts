import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { classifyErrorType, classifyStatus, parseRetryAfter, redactDeep, redactSecrets, toProviderError } from './errors';
import type { Dispatcher } from 'undici';
import { decodedBody, decodedBytes, dispatcher } from './upstream-http';
import type { ProviderCallOptions } from './types';
import { ProviderError } from './types';

/** Where a native call goes and what must never show in its errors. */
export interface NativeEndpoint {
  provider: string;
  /** `url.origin` and `url.pathname + url.search`, read once: URL's getters build new strings on every call. */
  origin: string;
  path: string;
  headers: Record<string, string>;
  secrets: readonly string[];
}

export function nativeEndpoint(provider: string, url: URL, headers: Record<string, string>, secrets: readonly string[]): NativeEndpoint {
  return { provider, origin: url.origin, path: url.pathname + url.search, headers: { ...headers, 'content-type': 'application/json' }, secrets };
}

/** An upstream reply whose status was 2xx; the body is still to be read. */
export interface UpstreamReply {
  headers: IncomingHttpHeaders;
  body: Readable;
}

/**
 * Upstream response headers a relayed answer keeps: the provider's request id (what its support
 * asks for; the SDKs surface it) and its rate-limit state (clients such as Claude Code read it).
 * Everything else describes the upstream connection, not the answer.
 */
const RELAYED_HEADER = /^(x-request-id|request-id|openai-processing-ms|x-ratelimit-|anthropic-ratelimit-)/;

export function relayedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && RELAYED_HEADER.test(name)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * POSTs a JSON body on a keep-alive connection and resolves once a 2xx status has arrived; any
 * other status is read and thrown as a ProviderError carrying the upstream's words, status class
 * and Retry-After. The timeout bounds silence: the wait for the answer's headers, then each gap
 * between body chunks, so a long healthy stream is never cut.
 */
export async function postJson(endpoint: NativeEndpoint, json: string | Buffer, opts: ProviderCallOptions): Promise<UpstreamReply> {
  let res: Awaited<ReturnType<typeof dispatcher.request>>;
  try {
    res = await dispatcher.request({
      origin: endpoint.origin,
      path: endpoint.path,
      method: 'POST',
      headers: endpoint.headers,
      body: json,
      signal: opts.signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  } catch (err) {
    throw nativeFailure(err, endpoint, opts);
  }
  const headers = res.headers as IncomingHttpHeaders;
  // undici's body is a Readable; its own typings name a narrower class.
  const body = decodedBody(headers['content-encoding'], res.body as unknown as Readable);
  // A failure after the headers surfaces on the body stream, which its reader handles.
  body.on('error', () => undefined);
  if (res.statusCode >= 200 && res.statusCode < 300) return { headers, body };
  let text: Buffer;
  try {
    text = await readAll(body);
  } catch (err) {
    throw nativeFailure(err, endpoint, opts);
  }
  throw httpError(res.statusCode, headers, text, endpoint);
}

/**
 * Collects one whole upstream answer on undici's dispatch API. A relayed JSON answer is only ever
 * wanted whole, so it skips what the request API builds per call for streaming: a Readable body,
 * an async resource and their promises. It settles the caller's promise with the final outcome (a
 * 2xx answer, or the ProviderError), so no async function waits on the upstream in between. The
 * caller's signal aborts the call, also while it is still queued for a connection.
 */
class WholeAnswer implements Dispatcher.DispatchHandler {
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;

  constructor(
    private readonly endpoint: NativeEndpoint,
    private readonly opts: ProviderCallOptions,
    private readonly resolve: (answer: UpstreamAnswer) => void,
    private readonly reject: (err: ProviderError) => void,
  ) {
    opts.signal?.addEventListener('abort', this, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new Error('aborted'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (!this.finish()) return;
    const raw = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    let body: Buffer;
    try {
      body = decodedBytes(this.headers['content-encoding'], raw);
    } catch (err) {
      this.reject(nativeFailure(err, this.endpoint, this.opts));
      return;
    }
    if (this.status >= 200 && this.status < 300) this.resolve({ status: this.status, headers: this.headers, body });
    else this.reject(httpError(this.status, this.headers, body, this.endpoint));
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  /** Settles with the failure, unless the call is already settled. */
  fail(err: unknown): void {
    if (this.finish()) this.reject(nativeFailure(err, this.endpoint, this.opts));
  }

  /** The signal's listener: the caller gave up. */
  handleEvent(): void {
    const err = new Error('aborted');
    err.name = 'AbortError';
    if (!this.settled) this.controller?.abort(err);
    this.fail(err);
  }

  /** True for the first outcome only. */
  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.opts.signal?.removeEventListener('abort', this);
    return true;
  }
}

/** An upstream answer read whole, with any content encoding undone. */
export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * POSTs a JSON body on a keep-alive connection and reads the whole answer. A 2xx answer is
 * returned; any other status is thrown as a ProviderError carrying the upstream's words, status
 * class and Retry-After. The timeout bounds the wait for the headers and each gap in the body.
 */
export function postJsonWhole(endpoint: NativeEndpoint, json: string | Buffer, opts: ProviderCallOptions): Promise<UpstreamAnswer> {
  if (opts.signal?.aborted) return Promise.reject(nativeFailure(new Error('aborted'), endpoint, opts));
  return new Promise<UpstreamAnswer>((resolve, reject) => {
    const handler = new WholeAnswer(endpoint, opts, resolve, reject);
    try {
      dispatcher.dispatch({ origin: endpoint.origin, path: endpoint.path, method: 'POST', headers: endpoint.headers, body: json, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs }, handler);
    } catch (err) {
      handler.fail(err);
    }
  });
}

/** Any failure of a native call as a ProviderError without secrets, classed from our side first. */
export function nativeFailure(err: unknown, endpoint: NativeEndpoint, opts: ProviderCallOptions): ProviderError {
  return toProviderError(err, { provider: endpoint.provider, secrets: endpoint.secrets, timedOut: false, callerAborted: opts.signal?.aborted === true, timeoutMs: opts.timeoutMs });
}

/** Reads a body to its end. Errors keep their class: a cut connection is `network`, silence `timeout`. */
function readAll(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.once('error', reject);
    body.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
  });
}

/** The body's error `type` and `message` in either API's envelope (`{error: {type, message}}`). */
function errorFields(body: unknown): { type?: string; message?: string } {
  const inner = (body as { error?: unknown } | null)?.error;
  if (typeof inner !== 'object' || inner === null) return {};
  const { type, message } = inner as { type?: unknown; message?: unknown };
  return { ...(typeof type === 'string' && { type }), ...(typeof message === 'string' && { message }) };
}

function httpError(status: number, headers: IncomingHttpHeaders, text: Buffer, endpoint: NativeEndpoint): ProviderError {
  let body: unknown;
  try {
    body = JSON.parse(text.toString('utf8'));
  } catch {
    body = undefined;
  }
  const { type, message } = errorFields(body);
  const errorClass = type?.includes('overloaded') ? 'overloaded' : classifyStatus(status);
  const said = message ?? text.toString('utf8').slice(0, 200).trim();
  return new ProviderError(errorClass, redactSecrets(`${endpoint.provider}: ${status} ${said}`.trim(), endpoint.secrets), {
    status,
    retryAfterMs: parseRetryAfter(headerGetter(headers)),
    upstreamBody: redactDeep(body, endpoint.secrets),
  });
}

/** An error event inside a 200 stream (Anthropic's `event: error`): classed by its `type`. */
export function streamedError(payload: unknown, endpoint: NativeEndpoint): ProviderError {
  const { type, message } = errorFields(payload);
  return new ProviderError(classifyErrorType(type), redactSecrets(`${endpoint.provider}: ${message ?? 'error in stream'}`, endpoint.secrets), { upstreamBody: redactDeep(payload, endpoint.secrets) });
}

function headerGetter(headers: IncomingHttpHeaders): { get(name: string): string | null } {
  return {
    get: (name) => {
      const v = headers[name];
      return (Array.isArray(v) ? v[0] : v) ?? null;
    },
  };
}

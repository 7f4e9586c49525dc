import { type IncomingHttpHeaders, type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { classifyErrorType, classifyStatus, parseRetryAfter, redactDeep, redactSecrets, toProviderError } from './errors';
import { decodedBody, httpAgent, httpsAgent } from './http-agents';
import type { ProviderCallOptions } from './types';
import { ProviderError } from './types';

/** Where a native call goes and what must never show in its errors. */
export interface NativeEndpoint {
  provider: string;
  url: URL;
  /** `url` as node:http request options, derived once rather than on every call. */
  target: RequestOptions;
  headers: Record<string, string>;
  secrets: readonly string[];
}

export function nativeEndpoint(provider: string, url: URL, headers: Record<string, string>, secrets: readonly string[]): NativeEndpoint {
  return { provider, url, target: targetOf(url), headers, secrets };
}

function targetOf(url: URL): RequestOptions {
  const https = url.protocol === 'https:';
  return {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port || (https ? 443 : 80),
    path: url.pathname + url.search,
    method: 'POST',
    agent: https ? httpsAgent : httpAgent,
  };
}

/** An upstream reply whose status was 2xx; the body is still to be read. */
export interface UpstreamReply {
  headers: IncomingHttpHeaders;
  body: Readable;
  /** Whether the silence timeout cut the connection (the body then fails with a plain socket error). */
  timedOut(): boolean;
}

/**
 * POSTs a JSON body on a keep-alive connection and resolves once a 2xx status has arrived; any
 * other status is read and thrown as a ProviderError carrying the upstream's words, status class
 * and Retry-After. The timeout bounds silence on the socket: for a whole answer that is the wait
 * for it, for a stream the gap between chunks, so a long healthy stream is never cut.
 */
export function postJson(endpoint: NativeEndpoint, json: string, opts: ProviderCallOptions): Promise<UpstreamReply> {
  const { url, target } = endpoint;
  const headers = { ...endpoint.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) };
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const fail = (err: unknown): void => reject(nativeFailure(err, endpoint, opts, timedOut));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send({ ...target, headers, timeout: opts.timeoutMs }, (res) => {
      const status = res.statusCode ?? 502;
      const body = decodedBody(res);
      // After the headers a failure surfaces on the body stream, which its reader handles.
      req.off('error', fail);
      body.on('error', () => undefined);
      if (status >= 200 && status < 300) return resolve({ headers: res.headers, body, timedOut: () => timedOut });
      readAll(body).then((text) => fail(httpError(status, res, text, endpoint)), fail);
    });
    req.on('timeout', () => {
      timedOut = true;
      req.destroy(new Error(`no data for ${opts.timeoutMs} ms`));
    });
    req.on('error', fail);
    const { signal } = opts;
    if (signal) {
      // Not node:http's `signal` option: it watches the request with end-of-stream listeners that
      // cost more than the rest of this call (measured ~20 µs per request). One listener, removed
      // when the exchange closes, does the same job.
      const onAbort = (): void => void req.destroy(new Error('request aborted'));
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        req.once('close', () => signal.removeEventListener('abort', onAbort));
      }
    }
    req.end(json);
  });
}

/** Any failure of a native call as a ProviderError without secrets, classed from our side first. */
export function nativeFailure(err: unknown, endpoint: NativeEndpoint, opts: ProviderCallOptions, timedOut: boolean): ProviderError {
  return toProviderError(err, { provider: endpoint.provider, secrets: endpoint.secrets, timedOut, callerAborted: opts.signal?.aborted === true, timeoutMs: opts.timeoutMs });
}

/** Reads a body to its end. Errors keep their class: a cut connection is `network`, silence `timeout`. */
export function readAll(body: Readable): Promise<Buffer> {
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

function httpError(status: number, res: IncomingMessage, text: Buffer, endpoint: NativeEndpoint): ProviderError {
  let body: unknown;
  try {
    body = JSON.parse(text.toString('utf8'));
  } catch {
    body = undefined;
  }
  const { type, message } = errorFields(body);
  const errorClass = type?.includes('overloaded') ? 'overloaded' : classifyStatus(status);
  const said = message ?? text.toString('utf8').slice(0, 200).trim();
  return new ProviderError(errorClass, redactSecrets(`${endpoint.provider}: ${status} ${said || res.statusMessage || ''}`.trim(), endpoint.secrets), {
    status,
    retryAfterMs: parseRetryAfter(headerGetter(res.headers)),
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

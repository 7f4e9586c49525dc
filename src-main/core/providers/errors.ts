import type { ErrorClass } from '../../../src-shared/routing';
import { ProviderError } from './types';

/** How an attempt ended from our side, which the error alone cannot tell apart. */
export interface FailureContext {
  /** Provider name, for messages. */
  provider: string;
  /** Values that must never appear in a message (the provider's API key). */
  secrets: readonly string[];
  /** Our per-attempt timer fired. */
  timedOut: boolean;
  /** The caller's signal fired. */
  callerAborted: boolean;
  timeoutMs: number;
}

// Key shapes of the APIs we talk to: OpenAI/Anthropic `sk-…`, Google `AIza…`, and bearer tokens
// echoed back by proxies. Upstreams quote (partially masked) keys in 401 messages.
const KEY_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\bsk-[A-Za-z0-9_*.-]{6,}/g, '[redacted]'],
  [/\bAIza[0-9A-Za-z_-]{10,}/g, '[redacted]'],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]'],
];

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  for (const [pattern, replacement] of KEY_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}

/** Milliseconds the upstream asked us to wait, from `retry-after-ms` or `retry-after` (seconds or HTTP date). */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function classifyStatus(status: number): ErrorClass {
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  return 'bad_request';
}

/** Error `type`s both APIs put in bodies, including errors sent inside a stream (no HTTP status). */
export function classifyErrorType(type: string | null | undefined): ErrorClass {
  if (!type) return 'server';
  if (type.includes('overloaded')) return 'overloaded';
  if (type.includes('rate_limit')) return 'rate_limit';
  if (type.includes('timeout')) return 'timeout';
  if (type.includes('authentication') || type.includes('permission')) return 'auth';
  if (type.includes('not_found')) return 'not_found';
  if (type.includes('invalid_request') || type.includes('too_large')) return 'bad_request';
  return 'server';
}

function isAbortLike(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

const SOCKET_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

function isConnectionError(err: unknown): boolean {
  // A connection cut while a body is being read surfaces as a bare socket error (node:http: an
  // ECONNRESET 'aborted'; undici: a TypeError 'terminated').
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && SOCKET_ERROR_CODES.has(code)) return true;
  return err instanceof TypeError && /terminated|fetch failed|socket|network/i.test(err.message);
}

/** undici's names for silence: no headers, or a gap in the body, longer than the timeout. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function isTimeoutError(err: unknown): boolean {
  return TIMEOUT_CODES.has((err as { code?: string } | null)?.code ?? '');
}

/** Normalises anything an upstream call threw into a ProviderError whose message holds no key. */
export function toProviderError(err: unknown, ctx: FailureContext): ProviderError {
  const clean = (m: string) => redactSecrets(`${ctx.provider}: ${m}`, ctx.secrets);
  // Our own checks come first: once a signal fired, whatever the call threw is a consequence.
  if (ctx.callerAborted) return new ProviderError('aborted', clean('request aborted by the caller'));
  if (ctx.timedOut || isTimeoutError(err)) return new ProviderError('timeout', clean(`no answer within ${ctx.timeoutMs} ms`));
  if (err instanceof ProviderError) {
    return new ProviderError(err.errorClass, clean(err.message), {
      status: err.status,
      retryAfterMs: err.retryAfterMs,
      upstreamBody: redactDeep(err.upstreamBody, ctx.secrets),
    });
  }
  if (isAbortLike(err)) return new ProviderError('aborted', clean('request aborted'));
  if (isConnectionError(err)) return new ProviderError('network', clean(`connection failed (${(err as Error).message})`));
  if (err instanceof SyntaxError) return new ProviderError('server', clean(`malformed response from upstream (${err.message})`));
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError('server', clean(message));
}

import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import type { ProviderType } from '../../../src-shared/config-schema';
import type { ErrorClass } from '../../../src-shared/routing';
import { RETRYABLE_ERRORS } from '../../../src-shared/routing';

export interface ProviderCallOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout; the provider aborts the upstream call when it passes. */
  timeoutMs: number;
  /** Output token limit to send when the request carries none. */
  defaultMaxTokens?: number;
}

/** One upstream API. Each call is a single attempt: retries and fallbacks belong to the router. */
export interface ChatProvider {
  readonly name: string;
  readonly type: ProviderType;
  complete(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): Promise<ChatResponse>;
  /** Yields deltas then exactly one `done` event carrying the assembled response and real usage. */
  stream(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): AsyncIterable<StreamEvent>;
}

/** A failed provider call, normalised. The message never contains an API key. */
export class ProviderError extends Error {
  readonly errorClass: ErrorClass;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** Raw upstream error body when it was JSON, for passing the upstream's own words through. */
  readonly upstreamBody: unknown;

  constructor(errorClass: ErrorClass, message: string, opts: { status?: number; retryAfterMs?: number; upstreamBody?: unknown } = {}) {
    super(message);
    this.name = 'ProviderError';
    this.errorClass = errorClass;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.upstreamBody = opts.upstreamBody;
  }

  get retryable(): boolean {
    return RETRYABLE_ERRORS.has(this.errorClass);
  }
}

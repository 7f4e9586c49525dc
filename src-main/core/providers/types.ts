import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import type { ProviderType } from '../../../src-shared/config-schema';
import type { ErrorClass } from '../../../src-shared/routing';
import { RETRYABLE_ERRORS } from '../../../src-shared/routing';
import type { CancelSignal } from '../cancel-signal';

export interface ProviderCallOptions {
  signal?: CancelSignal;
  /** Per-attempt timeout; the provider aborts the upstream call when it passes. */
  timeoutMs: number;
  /** Output token limit to send when the request carries none. */
  defaultMaxTokens?: number;
  /**
   * Whether the caller reads the answer's text and tool calls (stored prompts, the cascade's
   * gate). Without, a relayed stream reads only the events that carry the id, usage, the finish
   * reason or an error, and passes the deltas on unread (~1.3 µs saved per chunk).
   */
  needsText?: boolean;
}

/** The wire formats clients speak and upstreams answer in: chat completions, Messages, and OpenAI's Responses API. */
export type WireApi = 'openai' | 'anthropic' | 'openai-responses';

/** A client's own request body, which a provider of the same wire format relays nearly as is. */
export interface NativeRequest {
  api: WireApi;
  body: Readonly<Record<string, unknown>>;
  /**
   * The bytes `body` was parsed from, as received: a relay splices its few changes into them
   * instead of serialising `body` again, and their size bounds the prompt's (see promptTokenCeiling).
   */
  received: Buffer;
  /** `received` read as Latin-1, one character per byte, when the server had it at hand (an ASCII body's text is that reading): the splice scans it. */
  receivedLatin1?: string;
  /** The client's request headers; a provider forwards only the few its API defines (e.g. `anthropic-beta`). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A relayed answer: the upstream's bytes for the client, and the neutral reading of them for records. */
export interface NativeResponse {
  body: Buffer;
  /** Upstream response headers worth passing on (request id, rate limits). */
  headers: Record<string, string>;
  response: ChatResponse;
}

/**
 * A relayed stream: whole server-sent events to pass on (the first also carrying the upstream
 * headers worth passing on), then one `done` with the assembled response.
 */
export type NativeStreamEvent = { type: 'raw'; data: string; headers?: Record<string, string> } | Extract<StreamEvent, { type: 'done' }>;

/**
 * Same-format relay. Translating a request into the neutral shape and back drops every field the
 * neutral shape does not model (thinking, logprobs, service tiers, beta tools…) and costs more CPU
 * than the proxy's whole latency budget, so when client and upstream speak the same API the body
 * goes through with only the model (and what the router needs, like usage in streams) changed.
 */
export interface NativeTransport {
  readonly api: WireApi;
  complete(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): Promise<NativeResponse>;
  stream(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): AsyncIterable<NativeStreamEvent>;
}

/** One upstream API. Each call is a single attempt: retries and fallbacks belong to the router. */
export interface ChatProvider {
  readonly name: string;
  readonly type: ProviderType;
  /** By client wire format: the formats this upstream speaks too, whose bodies it takes as is. */
  readonly natives?: Readonly<Partial<Record<WireApi, NativeTransport>>>;
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

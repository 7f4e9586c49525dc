import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import type { ErrorClass, RequestRecord, RouteDecision } from '../../../src-shared/routing';
import type { NativeRequest } from '../providers/types';
import type { CancelSignal } from '../cancel-signal';

export interface RouteRequest {
  /** 'auto' routes through the classifier; a configured model name bypasses it. */
  model: string;
  chat: ChatRequest;
  /** Who asked, stored with the record: 'cli', 'proxy:openai', 'proxy:anthropic', 'proxy:responses', 'playground'… */
  source: string;
  signal?: CancelSignal;
  /**
   * The client's own body, from a proxy endpoint. A candidate whose provider speaks the same API
   * gets it relayed (see NativeTransport); any other gets `chat`, translated.
   */
  native?: NativeRequest;
}

export interface RouteResult {
  decision: RouteDecision;
  response: ChatResponse;
  record: RequestRecord;
  /** The upstream's answer in the client's own format, when it was relayed natively. */
  raw?: { body: Buffer; headers: Record<string, string> };
}

/**
 * A streamed route. `start` comes once the chosen model has produced its first output (so a model
 * that fails before that is replaced transparently), then the model's deltas, then `end`.
 */
export type RouterStreamEvent =
  | { type: 'start'; decision: RouteDecision }
  | Exclude<StreamEvent, { type: 'done' }>
  /** A whole server-sent event in the client's own format, from a natively relayed stream. */
  | { type: 'raw'; data: string; headers?: Record<string, string> }
  | { type: 'end'; result: RouteResult };

export interface ModelInfo {
  /** Configured name (what clients put in `model`). */
  name: string;
  provider: string;
  providerType: string;
  upstreamModel: string;
}

/** What the proxy, CLI and GUI need from the router. */
export interface RouterApi {
  route(req: RouteRequest): Promise<RouteResult>;
  stream(req: RouteRequest): AsyncIterable<RouterStreamEvent>;
  /** Configured models, in config order. */
  models(): ModelInfo[];
  /** Flushes the tracker and releases resources. */
  close(): Promise<void>;
}

/**
 * A request the router could not complete. `decision` says what was tried; the cause's class
 * says whose fault it was (caller errors are not retried and keep their 4xx status).
 */
export class RouteError extends Error {
  readonly decision: RouteDecision;
  readonly errorClass: ErrorClass;
  /** Upstream HTTP status when there was one. */
  readonly status: number | undefined;
  readonly upstreamBody: unknown;
  /** The upstream's Retry-After, so a proxy can pass it on to its client. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, decision: RouteDecision, cause: { errorClass: ErrorClass; status?: number | undefined; upstreamBody?: unknown; retryAfterMs?: number | undefined }) {
    super(message);
    this.name = 'RouteError';
    this.decision = decision;
    this.errorClass = cause.errorClass;
    this.status = cause.status;
    this.upstreamBody = cause.upstreamBody;
    this.retryAfterMs = cause.retryAfterMs;
  }
}

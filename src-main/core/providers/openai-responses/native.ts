import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ChatResponse } from '../../../../src-shared/chat';
import { type NativeEndpoint, streamedError } from '../native-http';
import { relayStream, relayWhole, relayedBody, type StreamRelay } from '../native-relay';
import { sseData } from '../sse-events';
import type { NativeRequest, NativeResponse, NativeStreamEvent, NativeTransport, ProviderCallOptions } from '../types';
import { ProviderError } from '../types';
import { responsesResponseOf } from './response';

type Body = Record<string, unknown>;

/** OpenAI's Responses API (`POST /v1/responses`) relayed as the client wrote it: hosted tools, files, reasoning items and all. */
export class OpenAIResponsesNative implements NativeTransport {
  readonly api = 'openai-responses' as const;

  constructor(private readonly endpoint: () => NativeEndpoint) {}

  complete(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): Promise<NativeResponse> {
    return relayWhole(this.endpoint(), relayedBody(req, this.body(upstreamModel, req.body, opts)), opts, (parsed) => responsesResponseOf(parsed as Response));
  }

  stream(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): AsyncIterable<NativeStreamEvent> {
    const endpoint = this.endpoint();
    return relayStream(endpoint, relayedBody(req, { ...this.body(upstreamModel, req.body, opts), stream: true }), opts, new ResponsesEventRelay(endpoint));
  }

  private body(upstreamModel: string, client: Readonly<Body>, opts: ProviderCallOptions): Body {
    const body: Body = { ...client, model: upstreamModel };
    if (client.max_output_tokens == null && opts.defaultMaxTokens !== undefined) body.max_output_tokens = opts.defaultMaxTokens;
    return body;
  }
}

/** The events whose data the record needs (the final response) or that end the stream in failure. */
const TERMINAL_EVENTS = ['event: response.completed\n', 'event: response.incomplete\n', 'event: response.failed\n', 'event: error\n'];

/** OpenAI names every event on its `event:` line, so only the few terminal ones need their JSON read. */
function needsReading(event: string): boolean {
  if (!event.startsWith('event: ')) return true;
  for (const prefix of TERMINAL_EVENTS) if (event.startsWith(prefix)) return true;
  return false;
}

/** A failure reported inside a 200 stream, classed by its code (`rate_limit_exceeded`, `server_error`…). */
function failure(code: string | null | undefined, message: string | undefined, endpoint: NativeEndpoint): ProviderError {
  return streamedError({ error: { type: code ?? 'server_error', message: message ?? 'the response failed' } }, endpoint);
}

class ResponsesEventRelay implements StreamRelay {
  private final: ChatResponse | undefined;

  constructor(private readonly endpoint: NativeEndpoint) {}

  accept(event: string): string {
    if (!needsReading(event)) return `${event}\n\n`;
    const data = sseData(event);
    if (data === '') return '';
    if (data === '[DONE]') return `${event}\n\n`;
    const payload = JSON.parse(data) as ResponseStreamEvent;
    switch (payload.type) {
      case 'response.completed':
      case 'response.incomplete':
        this.final = responsesResponseOf(payload.response);
        break;
      case 'response.failed':
        throw failure(payload.response.error?.code, payload.response.error?.message, this.endpoint);
      case 'error':
        throw failure(payload.code, payload.message, this.endpoint);
      default:
        break;
    }
    return `${event}\n\n`;
  }

  finish(): ChatResponse {
    if (!this.final) throw new ProviderError('network', 'stream ended before response.completed');
    return this.final;
  }
}

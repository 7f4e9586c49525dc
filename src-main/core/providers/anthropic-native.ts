import type { Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { FALLBACK_MAX_TOKENS } from './anthropic-request';
import { AnthropicStreamAssembler, anthropicResponseOf } from './anthropic-response';
import { annotatePromptCache } from './cache-annotation';
import { type NativeEndpoint, streamedError } from './native-http';
import { relayStream, relayWhole, relayedBody, type StreamRelay } from './native-relay';
import { sseData } from './sse-events';
import type { NativeRequest, NativeResponse, NativeStreamEvent, NativeTransport, ProviderCallOptions } from './types';

type Body = Record<string, unknown>;

/** Request headers of the Messages API that change what a request means, passed on from the client. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

/** Anthropic Messages relayed as the client wrote them (thinking, citations, beta tools included). */
export class AnthropicNative implements NativeTransport {
  readonly api = 'anthropic' as const;

  constructor(private readonly endpoint: () => NativeEndpoint) {}

  complete(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): Promise<NativeResponse> {
    return relayWhole(this.endpointFor(req), relayedBody(req, this.body(upstreamModel, req, opts)), opts, (parsed) => anthropicResponseOf(parsed as Message));
  }

  stream(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): AsyncIterable<NativeStreamEvent> {
    const endpoint = this.endpointFor(req);
    return relayStream(endpoint, relayedBody(req, { ...this.body(upstreamModel, req, opts), stream: true }), opts, new EventRelay(endpoint, opts.needsText !== false));
  }

  private endpointFor(req: NativeRequest): NativeEndpoint {
    const endpoint = this.endpoint();
    let headers: Record<string, string> | undefined;
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (value === undefined) continue;
      headers ??= { ...endpoint.headers };
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    return headers ? { ...endpoint, headers } : endpoint;
  }

  private body(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): Body {
    const body: Body = { ...req.body, model: upstreamModel };
    if (req.body.max_tokens == null) body.max_tokens = opts.defaultMaxTokens ?? FALLBACK_MAX_TOKENS;
    // Automatic prompt caching for clients that manage none themselves (theirs is left alone).
    return annotatePromptCache(body, upstreamModel, req.received);
  }
}

/** One stream event; an overloaded or failing upstream says so in-band with `event: error`. */
export function parseEvent(data: string, endpoint: NativeEndpoint): RawMessageStreamEvent {
  const payload = JSON.parse(data) as RawMessageStreamEvent | { type: 'error'; error: unknown };
  if (payload.type === 'error') throw streamedError(payload, endpoint);
  return payload;
}

/** Events that carry only text or tool input as it grows, or keep the connection alive. */
const DELTA_EVENTS = ['event: content_block_delta\n', 'event: ping\n'];

class EventRelay implements StreamRelay {
  private readonly assembler = new AnthropicStreamAssembler();

  constructor(
    private readonly endpoint: NativeEndpoint,
    private readonly readsDeltas: boolean,
  ) {}

  accept(event: string): string {
    // Anthropic names every event on its `event:` line, so a delta nobody reads passes unparsed.
    if (!this.readsDeltas && DELTA_EVENTS.some((prefix) => event.startsWith(prefix))) return `${event}\n\n`;
    const data = sseData(event);
    if (data === '') return '';
    // Only what the record needs is kept; the deltas are not, the event itself is relayed.
    for (const _ of this.assembler.accept(parseEvent(data, this.endpoint)));
    return `${event}\n\n`;
  }

  finish() {
    return this.assembler.finish();
  }
}

import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ProviderType } from '../../../src-shared/config-schema';
import { type NativeEndpoint, streamedError } from './native-http';
import { relayStream, relayWhole, relayedBody, type StreamRelay } from './native-relay';
import { OpenAIStreamAssembler, openaiResponseOf } from './openai-response';
import { sseData } from './sse-events';
import type { NativeRequest, NativeResponse, NativeStreamEvent, NativeTransport, ProviderCallOptions } from './types';

type Body = Record<string, unknown>;

/** Chat completions relayed as the client wrote them, to OpenAI or a compatible server. */
export class OpenAINative implements NativeTransport {
  readonly api = 'openai' as const;

  constructor(
    private readonly type: Extract<ProviderType, 'openai' | 'openai-compatible'>,
    private readonly endpoint: () => NativeEndpoint,
  ) {}

  complete(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): Promise<NativeResponse> {
    return relayWhole(this.endpoint(), relayedBody(req, this.body(upstreamModel, req.body, opts)), opts, (parsed) => openaiResponseOf(parsed as ChatCompletion));
  }

  stream(upstreamModel: string, req: NativeRequest, opts: ProviderCallOptions): AsyncIterable<NativeStreamEvent> {
    const endpoint = this.endpoint();
    const options = req.body.stream_options as { include_usage?: unknown } | null | undefined;
    // Usage is how the request is priced, so it is always asked for; a client that did not ask
    // does not get it: some read `choices[0]` of every chunk and would break on the usage chunk.
    const body = { ...this.body(upstreamModel, req.body, opts), stream: true, stream_options: { ...options, include_usage: true } };
    return relayStream(endpoint, relayedBody(req, body), opts, new ChunkRelay(endpoint, options?.include_usage === true, opts.needsText !== false));
  }

  private body(upstreamModel: string, client: Readonly<Body>, opts: ProviderCallOptions): Body {
    // With "auto" the client cannot know which kind of server answers, so the output limit goes
    // under the name that server takes: OpenAI's reasoning models refuse the deprecated
    // max_tokens (every current OpenAI chat model takes max_completion_tokens), while compatible
    // servers (Ollama, vLLM, LM Studio…) may not know its successor.
    const [name, other] = this.type === 'openai' ? (['max_completion_tokens', 'max_tokens'] as const) : (['max_tokens', 'max_completion_tokens'] as const);
    const limit = client[name] ?? client[other] ?? opts.defaultMaxTokens;
    // Copied without the other name rather than deleted from a copy: `delete` turns the object into
    // a slow dictionary, which the splice's comparison and JSON.stringify then walk.
    const body: Body = {};
    for (const key in client) if (key !== other) body[key] = client[key];
    body.model = upstreamModel;
    if (limit != null) body[name] = limit;
    return body;
  }
}

/** One stream chunk; compatible servers (vLLM, Ollama, OpenRouter) report failures mid-stream as `{"error": …}`. */
export function parseChunk(data: string, endpoint: NativeEndpoint): ChatCompletionChunk {
  const chunk = JSON.parse(data) as ChatCompletionChunk & { error?: unknown };
  if (chunk.error !== undefined && chunk.error !== null) throw streamedError(chunk, endpoint);
  return chunk;
}

/**
 * A chunk that says more than a delta: usage, a finish reason or an error (compatible servers
 * send `"usage": null` on every chunk, and may put spaces after colons).
 */
const TELLING_CHUNK = /"usage":\s*\{|"finish_reason":\s*"|"error"/;

/**
 * A `"usage": null` member after another. In valid JSON no string can hold this: a quote inside a
 * string is escaped, and a string's closing quote is followed by `,`, `:`, `}` or `]`, not a key.
 */
const USAGE_NULL = /,\s*"usage"\s*:\s*null(?=\s*[,}])/;

class ChunkRelay implements StreamRelay {
  private readonly assembler = new OpenAIStreamAssembler();
  private first = true;

  constructor(
    private readonly endpoint: NativeEndpoint,
    private readonly clientWantsUsage: boolean,
    private readonly readsDeltas: boolean,
  ) {}

  accept(event: string): string {
    const data = sseData(event);
    if (data === '[DONE]') return 'data: [DONE]\n\n';
    if (data === '') return '';
    // The first chunk names the answer's id and model; later deltas matter only for their text.
    if (!this.readsDeltas && !this.first && !TELLING_CHUNK.test(data)) {
      // Asked for upstream for pricing, `"usage": null` rides on every chunk; a client that did not ask gets none.
      if (this.clientWantsUsage || !USAGE_NULL.test(data)) return `${event}\n\n`;
      if (!event.includes('\n')) return `data: ${data.replace(USAGE_NULL, '')}\n\n`;
    }
    this.first = false;
    const chunk = parseChunk(data, this.endpoint);
    // Only what the record needs is kept; the deltas are not, the event itself is relayed.
    for (const _ of this.assembler.accept(chunk));
    if (this.clientWantsUsage || chunk.usage === undefined) return `${event}\n\n`;
    if (chunk.choices.length === 0) return '';
    const { usage: _usage, ...rest } = chunk;
    return `data: ${JSON.stringify(rest)}\n\n`;
  }

  finish() {
    return this.assembler.finish();
  }
}

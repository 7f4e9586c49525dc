import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import { parseEvent } from './anthropic-native';
import { toAnthropicParams } from './anthropic-request';
import { AnthropicStreamAssembler, anthropicResponseOf } from './anthropic-response';
import type { NativeEndpoint } from './native-http';
import { assembledEvents, readStream, relayWhole } from './native-relay';
import type { ChatProvider, NativeTransport, ProviderCallOptions, WireApi } from './types';

/** Anthropic Messages from the neutral request, built by `toAnthropicParams` and sent like relayed ones. */
export class AnthropicProvider implements ChatProvider {
  readonly type = 'anthropic' as const;

  constructor(
    readonly name: string,
    private readonly endpoint: () => NativeEndpoint,
    readonly natives?: Readonly<Partial<Record<WireApi, NativeTransport>>>,
  ) {}

  async complete(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): Promise<ChatResponse> {
    const answer = await relayWhole(this.endpoint(), JSON.stringify(toAnthropicParams(upstreamModel, req, opts.defaultMaxTokens)), opts, (parsed) => anthropicResponseOf(parsed as Message));
    return answer.response;
  }

  async *stream(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): AsyncIterable<StreamEvent> {
    const endpoint = this.endpoint();
    const body = { ...toAnthropicParams(upstreamModel, req, opts.defaultMaxTokens), stream: true };
    yield* readStream(endpoint, JSON.stringify(body), opts, assembledEvents((data) => parseEvent(data, endpoint), new AnthropicStreamAssembler()));
  }
}

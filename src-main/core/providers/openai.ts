import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import type { ProviderType } from '../../../src-shared/config-schema';
import type { NativeEndpoint } from './native-http';
import { assembledEvents, readStream, relayWhole } from './native-relay';
import { parseChunk } from './openai-native';
import { toOpenAIParams } from './openai-request';
import { OpenAIStreamAssembler, openaiResponseOf } from './openai-response';
import type { ChatProvider, NativeTransport, ProviderCallOptions, WireApi } from './types';

/**
 * Chat completions from the neutral request: OpenAI itself, Gemini's OpenAI-compatible endpoint,
 * and any compatible server. Requests are built by `toOpenAIParams` and sent on the shared
 * keep-alive dispatcher, like relayed ones: the SDK's request and response objects cost more CPU
 * per call than the rest of the proxy together.
 */
export class OpenAIProvider implements ChatProvider {
  constructor(
    readonly name: string,
    readonly type: Extract<ProviderType, 'openai' | 'google' | 'openai-compatible'>,
    private readonly endpoint: () => NativeEndpoint,
    readonly natives?: Readonly<Partial<Record<WireApi, NativeTransport>>>,
  ) {}

  async complete(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): Promise<ChatResponse> {
    const answer = await relayWhole(this.endpoint(), JSON.stringify(toOpenAIParams(this.type, upstreamModel, req, opts.defaultMaxTokens)), opts, (parsed) => openaiResponseOf(parsed as ChatCompletion));
    return answer.response;
  }

  async *stream(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): AsyncIterable<StreamEvent> {
    const endpoint = this.endpoint();
    const body = { ...toOpenAIParams(this.type, upstreamModel, req, opts.defaultMaxTokens), stream: true, stream_options: { include_usage: true } };
    yield* readStream(endpoint, JSON.stringify(body), opts, assembledEvents((data) => (data === '[DONE]' ? undefined : parseChunk(data, endpoint)), new OpenAIStreamAssembler()));
  }
}

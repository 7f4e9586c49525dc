import type OpenAI from 'openai';
import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import type { ProviderType } from '../../../src-shared/config-schema';
import { wholeCallOutcome } from './attempt-control';
import type { Connection } from './connection';
import { toProviderError } from './errors';
import { OpenAIStreamAssembler, openaiResponseOf } from './openai-response';
import { toOpenAIParams } from './openai-request';
import { streamAttempt } from './stream-attempt';
import type { ChatProvider, NativeTransport, ProviderCallOptions } from './types';

/** Chat completions: OpenAI itself, Gemini's OpenAI-compatible endpoint, and any compatible server. */
export class OpenAIProvider implements ChatProvider {
  constructor(
    readonly name: string,
    readonly type: Extract<ProviderType, 'openai' | 'google' | 'openai-compatible'>,
    private readonly connect: () => Promise<Connection<OpenAI>>,
    readonly native?: NativeTransport,
  ) {}

  async complete(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): Promise<ChatResponse> {
    const { client, secrets } = await this.connect();
    try {
      const completion = await client.chat.completions.create(toOpenAIParams(this.type, upstreamModel, req, opts.defaultMaxTokens), { signal: opts.signal, timeout: opts.timeoutMs });
      return openaiResponseOf(completion);
    } catch (err) {
      throw toProviderError(err, { provider: this.name, secrets, ...wholeCallOutcome(opts) });
    }
  }

  async *stream(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): AsyncIterable<StreamEvent> {
    const { client, secrets } = await this.connect();
    yield* streamAttempt(this.name, secrets, opts, new OpenAIStreamAssembler(), (signal) =>
      client.chat.completions.create(
        { ...toOpenAIParams(this.type, upstreamModel, req, opts.defaultMaxTokens), stream: true, stream_options: { include_usage: true } },
        { signal, timeout: opts.timeoutMs },
      ),
    );
  }
}

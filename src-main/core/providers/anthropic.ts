import type Anthropic from '@anthropic-ai/sdk';
import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import { wholeCallOutcome } from './attempt-control';
import { toAnthropicParams } from './anthropic-request';
import { AnthropicStreamAssembler, anthropicResponseOf } from './anthropic-response';
import type { Connection } from './connection';
import { toProviderError } from './errors';
import { streamAttempt } from './stream-attempt';
import type { ChatProvider, NativeTransport, ProviderCallOptions } from './types';

export class AnthropicProvider implements ChatProvider {
  readonly type = 'anthropic' as const;

  constructor(
    readonly name: string,
    private readonly connect: () => Promise<Connection<Anthropic>>,
    readonly native?: NativeTransport,
  ) {}

  async complete(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): Promise<ChatResponse> {
    const { client, secrets } = await this.connect();
    try {
      const message = await client.messages.create(toAnthropicParams(upstreamModel, req, opts.defaultMaxTokens), { signal: opts.signal, timeout: opts.timeoutMs });
      return anthropicResponseOf(message);
    } catch (err) {
      throw toProviderError(err, { provider: this.name, secrets, ...wholeCallOutcome(opts) });
    }
  }

  async *stream(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): AsyncIterable<StreamEvent> {
    const { client, secrets } = await this.connect();
    yield* streamAttempt(this.name, secrets, opts, new AnthropicStreamAssembler(), (signal) =>
      client.messages.create(
        { ...toAnthropicParams(upstreamModel, req, opts.defaultMaxTokens), stream: true },
        { signal, timeout: opts.timeoutMs },
      ),
    );
  }
}

import type { ChatResponse } from '../../../src-shared/chat';
import { type NativeEndpoint, nativeFailure, postJson, readAll, relayedHeaders } from './native-http';
import { sseEvents } from './sse-events';
import type { NativeResponse, NativeStreamEvent, ProviderCallOptions } from './types';
import { ProviderError } from './types';

/** One whole native call: the upstream's bytes as they came, and the neutral reading of them. */
export async function relayWhole(endpoint: NativeEndpoint, body: object, opts: ProviderCallOptions, read: (parsed: unknown) => ChatResponse): Promise<NativeResponse> {
  const reply = await postJson(endpoint, JSON.stringify(body), opts);
  let bytes: Buffer;
  try {
    bytes = await readAll(reply.body);
  } catch (err) {
    throw nativeFailure(err, endpoint, opts);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ProviderError('server', `${endpoint.provider}: malformed JSON from upstream (${(err as Error).message})`);
  }
  return { body: bytes, headers: relayedHeaders(reply.headers), response: read(parsed) };
}

/** What a format does with each upstream event: what to relay ('' for nothing), and the final response. */
export interface StreamRelay {
  accept(event: string): string;
  finish(): ChatResponse;
}

/**
 * One streamed native call. Events are relayed whole as they arrive; the connection is dropped if
 * the consumer stops early (client gone, or a failure upstream of us), so no upstream keeps
 * generating tokens nobody reads.
 */
export async function* relayStream(endpoint: NativeEndpoint, body: object, opts: ProviderCallOptions, relay: StreamRelay): AsyncGenerator<NativeStreamEvent> {
  const reply = await postJson(endpoint, JSON.stringify(body), opts);
  let complete = false;
  let headers: Record<string, string> | undefined = relayedHeaders(reply.headers);
  try {
    for await (const event of sseEvents(reply.body)) {
      const out = relay.accept(event);
      if (out === '') continue;
      yield headers ? { type: 'raw', data: out, headers } : { type: 'raw', data: out };
      headers = undefined;
    }
    if (opts.signal?.aborted) throw new ProviderError('aborted', 'stream aborted');
    complete = true;
    yield { type: 'done', response: relay.finish() };
  } catch (err) {
    throw nativeFailure(err, endpoint, opts);
  } finally {
    if (!complete) reply.body.destroy();
  }
}

import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatResponse, StreamEvent } from '../../../src-shared/chat';
import { utf8Text } from '../utf8-text';
import { spliceMembers } from './json-splice';
import { type NativeEndpoint, nativeFailure, postJson, postJsonWhole, relayedHeaders } from './native-http';
import { sseData, sseEventBatches } from './sse-events';
import type { NativeRequest, NativeResponse, NativeStreamEvent, ProviderCallOptions } from './types';
import { ProviderError } from './types';

type Done = Extract<StreamEvent, { type: 'done' }>;

/** Below this, serialising the parsed body again is as cheap as finding the members to change (measured on Node 20). */
const SPLICE_FROM_BYTES = 2048;

/**
 * The body to send upstream for a client's request that a provider turned into `body` by changing
 * some of its top-level members: the client's own bytes with those members spliced in, so a long
 * conversation is neither serialised nor encoded again (JSON.stringify: ~200 µs per 100 kB; the
 * splice 1.7× less for code-dense text, 4× for prose). Bytes that are not UTF-8 are never passed
 * on: the parsed body is serialised instead, with the replacement characters it was read with.
 */
export function relayedBody(client: NativeRequest, body: Readonly<Record<string, unknown>>): string | Buffer {
  if (client.received.length >= SPLICE_FROM_BYTES && (client.receivedLatin1 !== undefined || isUtf8(client.received))) {
    const patch: Record<string, unknown> = {};
    for (const key in body) if (body[key] !== client.body[key]) patch[key] = body[key];
    for (const key in client.body) if (!Object.hasOwn(body, key)) patch[key] = undefined;
    const spliced = spliceMembers(client.received, patch, client.receivedLatin1);
    if (spliced) return spliced;
  }
  return JSON.stringify(body);
}

/** One whole call: the upstream's bytes as they came, and the neutral reading of them. */
export function relayWhole(endpoint: NativeEndpoint, body: string | Buffer, opts: ProviderCallOptions, read: (parsed: unknown) => ChatResponse): Promise<NativeResponse> {
  return postJsonWhole(endpoint, body, opts).then((answer) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8Text(answer.body));
    } catch (err) {
      throw new ProviderError('server', `${endpoint.provider}: malformed JSON from upstream (${(err as Error).message})`);
    }
    return { body: answer.body, headers: relayedHeaders(answer.headers), response: read(parsed) };
  });
}

/** What a stream's consumer makes of each upstream SSE event, and the final response. */
export interface StreamReader<T> {
  /** Sees the answer's headers before the first event. */
  start?(headers: IncomingHttpHeaders): void;
  /** The events one network read completed, in order. */
  accept(events: readonly string[]): Iterable<T>;
  finish(): ChatResponse;
}

/**
 * One streamed call. Events go through the reader as they arrive and exactly one `done` closes a
 * complete stream; the connection is dropped if the consumer stops early (client gone, or a
 * failure upstream of us), so no upstream keeps generating tokens nobody reads.
 */
export async function* readStream<T>(endpoint: NativeEndpoint, body: string | Buffer, opts: ProviderCallOptions, reader: StreamReader<T>): AsyncGenerator<T | Done> {
  const reply = await postJson(endpoint, body, opts);
  let complete = false;
  try {
    reader.start?.(reply.headers);
    for await (const events of sseEventBatches(reply.body)) yield* reader.accept(events);
    if (opts.signal?.aborted) throw new ProviderError('aborted', 'stream aborted');
    complete = true;
    yield { type: 'done', response: reader.finish() };
  } catch (err) {
    throw nativeFailure(err, endpoint, opts);
  } finally {
    if (!complete) reply.body.destroy();
  }
}

/** Turns one API's parsed stream events into our deltas and, at the end, the whole response. */
export interface StreamAssembler<E> {
  accept(event: E): Iterable<StreamEvent>;
  finish(): ChatResponse;
}

/** A translated stream's reader: each event's data parsed (undefined: nothing in it for us), then assembled. */
export function assembledEvents<E>(parse: (data: string) => E | undefined, assembler: StreamAssembler<E>): StreamReader<StreamEvent> {
  return {
    *accept(events) {
      for (const event of events) {
        const data = sseData(event);
        const parsed = data === '' ? undefined : parse(data);
        if (parsed !== undefined) yield* assembler.accept(parsed);
      }
    },
    finish: () => assembler.finish(),
  };
}

/** What a relay does with each upstream event: what to pass on as is ('' for nothing), and the final response. */
export interface StreamRelay {
  accept(event: string): string;
  finish(): ChatResponse;
}

/** Relayed events as raw bytes; the first carries the upstream headers a relayed answer keeps. */
class RawEvents implements StreamReader<NativeStreamEvent> {
  private headers: Record<string, string> | undefined;

  constructor(private readonly relay: StreamRelay) {}

  start(headers: IncomingHttpHeaders): void {
    this.headers = relayedHeaders(headers);
  }

  /** The batch's relayed events as one write; those before a failing one still go out first. */
  *accept(events: readonly string[]): Generator<NativeStreamEvent> {
    let data = '';
    try {
      for (const event of events) data += this.relay.accept(event);
    } catch (err) {
      if (data !== '') yield this.raw(data);
      throw err;
    }
    if (data !== '') yield this.raw(data);
  }

  private raw(data: string): NativeStreamEvent {
    const out: NativeStreamEvent = this.headers ? { type: 'raw', data, headers: this.headers } : { type: 'raw', data };
    this.headers = undefined;
    return out;
  }

  finish(): ChatResponse {
    return this.relay.finish();
  }
}

/** A streamed call whose events are relayed whole as they arrive. */
export function relayStream(endpoint: NativeEndpoint, body: string | Buffer, opts: ProviderCallOptions, relay: StreamRelay): AsyncGenerator<NativeStreamEvent> {
  return readStream(endpoint, body, opts, new RawEvents(relay));
}

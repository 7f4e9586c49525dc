import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { decodedBody, dispatcher } from './upstream-http';

/**
 * A `fetch` for the provider SDKs on undici's request API and the shared keep-alive dispatcher.
 * Node 20's built-in fetch (undici's fetch, with web streams throughout) cost about 0.7 ms per
 * call on these machines, more than the proxy's whole latency budget. JSON bodies are read whole;
 * only event streams are handed over as a web stream, because the SDKs parse those incrementally.
 */
export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request || !isSimpleBody(init.body)) return fetch(input, init);
  const url = typeof input === 'string' ? new URL(input) : input;
  const headers: Record<string, string> = {};
  // The SDKs pass a Headers already; copying it into another one first would be wasted work.
  (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach((value, key) => {
    headers[key] = value;
  });
  const method = init.method ?? 'GET';
  const res = await dispatcher.request({ origin: url.origin, path: url.pathname + url.search, method: method as Dispatcher.HttpMethod, headers, body: init.body ?? null, signal: init.signal ?? undefined });
  const status = res.statusCode;
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
    else if (value !== undefined) responseHeaders.append(name, value);
  }
  const raw = res.headers as IncomingHttpHeaders;
  const body = decodedBody(raw['content-encoding'], res.body as unknown as Readable);
  if (status === 204 || status === 304 || method === 'HEAD') {
    body.resume();
    return new Response(null, { status, headers: responseHeaders });
  }
  if ((raw['content-type'] ?? '').includes('text/event-stream')) {
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status, headers: responseHeaders });
  }
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Buffer>) chunks.push(c);
  return new BufferedResponse(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), { status, headers: responseHeaders });
}

/**
 * A response whose body is already in memory. `new Response(buffer)` wraps it in a web
 * ReadableStream that `.json()` then drains again: about 5% of the proxy's CPU under load. The
 * SDKs read JSON and error bodies only through text()/json(), which this answers from the buffer.
 */
class BufferedResponse extends Response {
  // Fields, not methods: the fetch typings declare these as properties.
  override readonly text = (): Promise<string> => Promise.resolve(this.buffered.toString('utf8'));
  override readonly json = (): Promise<unknown> => this.text().then(JSON.parse);
  override readonly arrayBuffer = (): Promise<ArrayBuffer> => Promise.resolve(new Uint8Array(this.buffered).buffer);
  readonly bytes = (): Promise<Uint8Array> => Promise.resolve(new Uint8Array(this.buffered));
  override readonly blob = (): Promise<Blob> => Promise.resolve(new Blob([this.buffered], { type: this.headers.get('content-type') ?? '' }));
  override readonly clone = (): Response => new BufferedResponse(this.buffered, { status: this.status, statusText: this.statusText, headers: this.headers });

  constructor(
    private readonly buffered: Buffer,
    init: ResponseInit,
  ) {
    super(null, init);
  }
}

type SimpleBody = string | Uint8Array | null | undefined;

function isSimpleBody(body: RequestInit['body']): body is SimpleBody {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

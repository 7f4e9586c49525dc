import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { decodedBody, httpAgent, httpsAgent } from './http-agents';

/**
 * A `fetch` for the provider SDKs built on node:http with keep-alive agents. Node 20's built-in
 * fetch (undici + web streams) costs about 0.7 ms per call on these machines, more than the whole
 * latency budget of the proxy; this path measured 2.3x faster sequentially and 2.4x the
 * throughput under concurrency (see README, Performance). JSON bodies are read whole; only
 * event streams are handed over as a web stream, because the SDKs parse those incrementally.
 */
export function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request || !isSimpleBody(init.body)) return fetch(input, init);
  const url = typeof input === 'string' ? new URL(input) : input;
  const https = url.protocol === 'https:';
  const headers: Record<string, string> = {};
  // The SDKs pass a Headers already; copying it into another one first would be wasted work.
  (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach((value, key) => {
    headers[key] = value;
  });
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent: https ? httpsAgent : httpAgent, signal: init.signal ?? undefined }, (res) => {
      const status = res.statusCode ?? 502;
      const responseHeaders = new Headers();
      const raw = res.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) responseHeaders.append(raw[i] as string, raw[i + 1] as string);
      const body = decodedBody(res);
      const nullBody = status === 204 || status === 304 || init.method === 'HEAD';
      if (nullBody) {
        res.resume();
        return resolve(new Response(null, { status, headers: responseHeaders }));
      }
      if ((res.headers['content-type'] ?? '').includes('text/event-stream')) {
        return resolve(new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status, headers: responseHeaders }));
      }
      const chunks: Buffer[] = [];
      body.on('data', (c: Buffer) => chunks.push(c));
      body.once('error', reject);
      body.once('end', () => resolve(new BufferedResponse(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), { status, headers: responseHeaders })));
    });
    req.once('error', reject);
    req.end(init.body ?? undefined);
  });
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

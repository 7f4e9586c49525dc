import type { ApiTransport } from './client';
import { ApiErrorBodySchema, type Envelope } from './errors';

export interface HttpTransportOptions {
  /** Origin serving /api, e.g. http://127.0.0.1:8000; '' for the page's own origin. */
  baseUrl: string;
  /** Sent as a Bearer token when the server requires MMROUTER_API_KEY. */
  apiKey?: string;
  /** Wait before reconnecting the event stream after it drops. Default 1 s. */
  reconnectMs?: number;
}

/**
 * The /api transport: POST /api/<operation> with the input as JSON, events from /api/events
 * (server-sent events read with fetch, so it works the same in a browser and in Node).
 */
export function createHttpTransport(opts: HttpTransportOptions): ApiTransport {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {};
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let stream: AbortController | undefined;

  const dispatch = (event: string, data: string): void => {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const l of listeners) l(event, payload);
  };

  const connect = (): void => {
    const controller = new AbortController();
    stream = controller;
    readEvents(`${base}/api/events`, auth, controller.signal, dispatch)
      .catch(() => undefined)
      .finally(() => {
        if (stream === controller && !controller.signal.aborted) setTimeout(() => stream === controller && connect(), opts.reconnectMs ?? 1000);
      });
  };

  return {
    async call(operation, input) {
      let res: Response;
      try {
        res = await fetch(`${base}/api/${operation}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(input ?? {}) });
      } catch (err) {
        return { ok: false, error: { code: 'unavailable', message: `cannot reach mmrouter at ${base || 'this page'}: ${err instanceof Error ? err.message : String(err)}` } };
      }
      const body: unknown = await res.json().catch(() => undefined);
      if (res.ok) return { ok: true, value: body } satisfies Envelope;
      const parsed = ApiErrorBodySchema.safeParse((body as { error?: unknown } | undefined)?.error);
      return { ok: false, error: parsed.success ? parsed.data : { code: 'internal', message: `mmrouter answered HTTP ${res.status}` } };
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!stream) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream) {
          stream.abort();
          stream = undefined;
        }
      };
    },
  };
}

const EVENT_END = /\r\n\r\n|\n\n|\r\r/;

/** Reads a text/event-stream until it ends, calling `onEvent` for each event with a name and data. */
async function readEvents(url: string, headers: Record<string, string>, signal: AbortSignal, onEvent: (event: string, data: string) => void): Promise<void> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal });
  if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    // Events end at a blank line; SSE allows CRLF, LF or CR line ends, and a chunk may split one.
    let end: RegExpExecArray | null;
    while ((end = EVENT_END.exec(buffer)) !== null) {
      const block = buffer.slice(0, end.index);
      buffer = buffer.slice(end.index + end[0].length);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r\n|\n|\r/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent(event, data.join('\n'));
    }
  }
}

import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * The whole events of a text/event-stream body, each without its terminating blank line, in
 * batches: the events each network read completed. Events are cut only at blank lines, so one
 * split across reads is never relayed in halves. A batch costs its consumers one pass through
 * their async layers instead of one per event, which counts when a busy proxy finds several
 * events waiting (`bench:proxy-ab --body stream`, the whole answer in one burst: ~4 µs per event).
 */
export async function* sseEventBatches(body: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of body as AsyncIterable<Buffer>) {
    pending += decoder.write(chunk);
    // CRLF and CR are legal line ends; a CR at the very end may be the first half of a CRLF.
    if (pending.includes('\r')) pending = normalizeLineEnds(pending);
    const batch: string[] = [];
    let end = pending.indexOf('\n\n');
    while (end !== -1) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (event.trim() !== '') batch.push(event);
      end = pending.indexOf('\n\n');
    }
    if (batch.length > 0) yield batch;
  }
  pending = normalizeLineEnds(pending + decoder.end() + '\n').replace(/\n+$/, '');
  if (pending.trim() !== '') yield [pending];
}

function normalizeLineEnds(text: string): string {
  const tail = text.endsWith('\r') ? '\r' : '';
  return text.slice(0, text.length - tail.length).replace(/\r\n?/g, '\n') + tail;
}

/** The `data:` lines of one event joined by newlines, as the SSE spec assembles them ('' if none). */
export function sseData(event: string): string {
  if (event.startsWith('data: ') && !event.includes('\n')) return event.slice(6);
  let data: string | undefined;
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data ?? '';
}

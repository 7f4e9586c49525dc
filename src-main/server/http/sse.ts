import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Starts a Server-Sent Events response with its first event. Headers and that event leave in one
 * socket write (one syscall less before the first token than flushing the headers on their own);
 * without an event the headers are flushed at once so clients still see the stream open.
 */
export function startSse(res: ServerResponse, headers: OutgoingHttpHeaders, firstEvent: string): Promise<void> | undefined {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // Reverse proxies (nginx) would otherwise buffer the stream and destroy time-to-first-token.
    'x-accel-buffering': 'no',
  });
  if (firstEvent === '') {
    res.flushHeaders();
    return undefined;
  }
  return writeSse(res, firstEvent);
}

/**
 * Writes pre-encoded SSE text and waits for the socket to drain when the client reads slower than
 * the model writes, so a slow client cannot make us buffer an entire response in memory.
 */
export function writeSse(res: ServerResponse, text: string): Promise<void> | undefined {
  if (text === '' || res.writableEnded || res.destroyed) return undefined;
  if (res.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export function sseEvent(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

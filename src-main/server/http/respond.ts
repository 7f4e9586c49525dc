import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Writes a complete JSON response. Strict output: one content type, explicit length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendSerializedJson(res, status, JSON.stringify(body), { ...headers });
}

/**
 * Writes JSON that is already serialised (an upstream's answer relayed as it came, or one of ours).
 * `headers` is taken over and completed in place: a routed answer's are built for it, and spreading
 * a dozen headers into a copy costs ~2 µs on Node 20.
 */
export function sendSerializedJson(res: ServerResponse, status: number, body: string | Buffer, headers: OutgoingHttpHeaders): void {
  headers['content-type'] = 'application/json';
  headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

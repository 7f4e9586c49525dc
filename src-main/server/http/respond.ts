import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Writes a complete JSON response. Strict output: one content type, explicit length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(res.req.method === 'HEAD' ? undefined : payload);
}

/**
 * Writes JSON that is already encoded (an upstream's answer relayed as it came). `headers` is taken
 * over and completed in place: it is built per response, and copying it again is hot-path work.
 */
export function sendJsonBytes(res: ServerResponse, status: number, body: Buffer, headers: OutgoingHttpHeaders): void {
  headers['content-type'] = 'application/json';
  headers['content-length'] = body.length;
  res.writeHead(status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { HTTP_STATUS } from '../../../src-shared/contract/errors';
import { BodyTooLargeError, readBody } from '../http/body';
import { sendJson } from '../http/respond';
import { startSse } from '../http/sse';
import type { AppCore } from './app-core';

/** Training files arrive inside the JSON body. */
export const API_BODY_LIMIT_BYTES = 60 * 1024 * 1024;
/** Comment lines that keep idle event streams open through proxies and show a dead peer. */
const HEARTBEAT_MS = 15_000;
/** An event subscriber this far behind is cut off; its client reconnects and refetches. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * The contract over HTTP: POST /api/<operation> with the input as JSON, answered with the output
 * (200) or {error: {code, message, field}} (400 for bad input, 404, 409, 502…); GET /api/events
 * streams every event as `event: <name>` + `data: <json>`. The caller has already applied auth,
 * Host and Origin checks.
 */
export async function handleApi(core: AppCore, req: IncomingMessage, res: ServerResponse, path: string, headers: OutgoingHttpHeaders): Promise<void> {
  if (path === '/api/events') {
    if (req.method !== 'GET') return sendJson(res, 405, { error: { code: 'invalid_input', message: 'use GET for /api/events' } }, { ...headers, allow: 'GET' });
    return streamEvents(core, req, res, headers);
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'invalid_input', message: `use POST for ${path}` } }, { ...headers, allow: 'POST' });

  let input: unknown;
  try {
    const raw = await readBody(req, API_BODY_LIMIT_BYTES);
    input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: { code: 'invalid_input', message: err.message } }, { ...headers, connection: 'close' });
    if (err instanceof SyntaxError) return sendJson(res, 400, { error: { code: 'invalid_input', message: `request body is not valid JSON: ${err.message}` } }, headers);
    throw err;
  }
  const gone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) gone.abort();
  };
  res.once('close', onClose);
  try {
    const out = await core.call(path.slice('/api/'.length), input, { signal: gone.signal });
    if (out.ok) sendJson(res, 200, out.value, headers);
    else sendJson(res, HTTP_STATUS[out.error.code], { error: out.error }, headers);
  } finally {
    res.off('close', onClose);
  }
}

function streamEvents(core: AppCore, req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders): void {
  startSse(res, headers, ': mmrouter events\n\n');
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const unsubscribe = core.bus.subscribe((event, payload) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) return res.destroy();
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  res.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  req.resume();
}

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ApiError } from './errors';
import { sendJson } from './http/respond';
import type { WireFamily } from './wire-family';

export type ErrorShape = Pick<WireFamily, 'errorStatus' | 'errorBody'>;

export function sendApiError(res: ServerResponse, shape: ErrorShape, err: ApiError, headers: OutgoingHttpHeaders = {}): void {
  let h = err.retryAfterS === undefined ? headers : { ...headers, 'retry-after': String(err.retryAfterS) };
  // A spent budget does not come back in seconds: tell the SDKs (which retry 429s) not to.
  if (err.kind === 'quota') h = { ...h, 'x-should-retry': 'false' };
  sendJson(res, shape.errorStatus(err), shape.errorBody(err), h);
}

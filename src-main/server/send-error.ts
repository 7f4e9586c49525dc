import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ApiError } from './errors';
import { sendJson } from './http/respond';
import type { WireFamily } from './wire-family';

export type ErrorShape = Pick<WireFamily, 'errorStatus' | 'errorBody'>;

export function sendApiError(res: ServerResponse, shape: ErrorShape, err: ApiError, headers: OutgoingHttpHeaders = {}): void {
  const h = err.retryAfterS === undefined ? headers : { ...headers, 'retry-after': String(err.retryAfterS) };
  sendJson(res, shape.errorStatus(err), shape.errorBody(err), h);
}

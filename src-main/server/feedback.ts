import { z } from 'zod';
import { TrackerError } from '../core/tracker/errors';
import type { ApiError } from './errors';

export interface FeedbackEntry {
  requestId: string;
  rating: 'up' | 'down';
  /** Epoch milliseconds. */
  ts: number;
}

/** Where ratings go: the tracker's feedback store, which throws a TrackerError for an unknown request id. */
export interface FeedbackPort {
  add(entry: FeedbackEntry): void | Promise<void>;
}

const FeedbackSchema = z.looseObject({ request_id: z.string().min(1).max(200), rating: z.enum(['up', 'down']) });

/** Clients may send the response id they saw (`chatcmpl-…`, `msg_…`) rather than the X-MMRouter-Request-Id. */
function requestIdOf(id: string): string {
  return id.replace(/^(chatcmpl-|msg_)/, '');
}

export type FeedbackOutcome = { ok: true; body: unknown } | { ok: false; error: ApiError };

export async function recordFeedback(port: FeedbackPort | undefined, body: unknown): Promise<FeedbackOutcome> {
  if (!port) return { ok: false, error: { status: 404, kind: 'not_found', message: 'feedback is not enabled on this server' } };
  const parsed = FeedbackSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: { status: 400, kind: 'invalid_request', message: "expected {request_id: string, rating: 'up' | 'down'}" } };
  const requestId = requestIdOf(parsed.data.request_id);
  try {
    await port.add({ requestId, rating: parsed.data.rating, ts: Date.now() });
  } catch (err) {
    if (err instanceof TrackerError) return { ok: false, error: { status: 404, kind: 'not_found', message: err.message } };
    throw err;
  }
  return { ok: true, body: { ok: true, request_id: requestId, rating: parsed.data.rating } };
}

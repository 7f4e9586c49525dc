import type { z } from 'zod';
import type { ChatRequest } from '../../src-shared/chat';
import type { ApiError } from './errors';

/** A client request translated to the router's neutral shape, plus what the wire needs back. */
export interface ParsedRequest {
  model: string;
  chat: ChatRequest;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`: send a final usage chunk. */
  includeUsage: boolean;
}

export type ParseResult<P extends ParsedRequest = ParsedRequest> = { ok: true; value: P } | { ok: false; error: ApiError };

export function invalid(message: string, param?: string): { ok: false; error: ApiError } {
  return { ok: false, error: { status: 400, kind: 'invalid_request', message, ...(param === undefined ? {} : { param }) } };
}

/** `messages[0].content` from a zod issue path. */
function paramOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}

export function invalidFromZod(error: z.ZodError): { ok: false; error: ApiError } {
  const issue = error.issues[0];
  if (!issue) return invalid('invalid request body');
  const param = paramOf(issue.path);
  return invalid(param ? `${param}: ${issue.message}` : issue.message, param || undefined);
}

/** Thrown inside translation when a value passes the schema but cannot be served. */
export class UnsupportedError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
    this.name = 'UnsupportedError';
  }
}

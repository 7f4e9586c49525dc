import type { ErrorClass } from '../../src-shared/routing';

/** What went wrong, independent of wire format. Each family turns it into its own error body. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'method_not_allowed'
  | 'too_large'
  | 'rate_limit'
  | 'quota'
  | 'overloaded'
  | 'timeout'
  | 'upstream'
  | 'internal';

export interface ApiError {
  status: number;
  kind: ErrorKind;
  message: string;
  /** The offending request field, e.g. `messages[0].content`. */
  param?: string;
  /** Seconds, sent as Retry-After. */
  retryAfterS?: number;
}

/** What a router failure means for the client, per error class. */
export function routeFailure(errorClass: ErrorClass, upstreamStatus: number | undefined, message: string): ApiError {
  switch (errorClass) {
    case 'not_found':
      return { status: 404, kind: 'not_found', message, param: 'model' };
    case 'bad_request':
      return { status: upstreamStatus && upstreamStatus >= 400 && upstreamStatus < 500 && upstreamStatus !== 401 && upstreamStatus !== 403 ? upstreamStatus : 400, kind: 'invalid_request', message };
    case 'rate_limit':
      return { status: 429, kind: 'rate_limit', message, retryAfterS: 1 };
    // Retry-After becomes the time the budget resets (the router knows it).
    case 'budget':
      return { status: 429, kind: 'quota', message, retryAfterS: 1 };
    case 'overloaded':
      return { status: 529, kind: 'overloaded', message, retryAfterS: 1 };
    case 'timeout':
      return { status: 504, kind: 'timeout', message };
    case 'server':
      return { status: upstreamStatus && upstreamStatus >= 500 && upstreamStatus < 600 ? upstreamStatus : 502, kind: 'upstream', message };
    // The proxy's own provider credentials were rejected: the caller's key is fine, so not a 401.
    case 'auth':
    case 'network':
      return { status: 502, kind: 'upstream', message };
    case 'aborted':
      return { status: 499, kind: 'invalid_request', message };
    case 'config':
      return { status: 500, kind: 'internal', message };
  }
}

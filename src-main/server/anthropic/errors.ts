import type { ApiError, ErrorKind } from '../errors';

const TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  method_not_allowed: 'invalid_request_error',
  too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  quota: 'rate_limit_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  upstream: 'api_error',
  internal: 'api_error',
};

export function anthropicErrorBody(err: ApiError): { type: 'error'; error: { type: string; message: string } } {
  const message = err.param === undefined ? err.message : `${err.param}: ${err.message}`;
  return { type: 'error', error: { type: TYPES[err.kind], message } };
}

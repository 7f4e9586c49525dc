import type { ApiError, ErrorKind } from '../errors';

const TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'invalid_request_error',
  permission: 'invalid_request_error',
  not_found: 'invalid_request_error',
  method_not_allowed: 'invalid_request_error',
  too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  quota: 'insufficient_quota',
  overloaded: 'server_error',
  timeout: 'server_error',
  upstream: 'server_error',
  internal: 'server_error',
};

const CODES: Partial<Record<ErrorKind, string>> = {
  authentication: 'invalid_api_key',
  rate_limit: 'rate_limit_exceeded',
  quota: 'insufficient_quota',
};

/** OpenAI clients retry 5xx but treat 529 as unknown; they get the conventional 503 instead. */
export function openaiStatus(err: ApiError): number {
  return err.status === 529 ? 503 : err.status;
}

export function openaiErrorBody(err: ApiError): { error: { message: string; type: string; param: string | null; code: string | null } } {
  const code = err.kind === 'not_found' && err.param === 'model' ? 'model_not_found' : (CODES[err.kind] ?? null);
  return { error: { message: err.message, type: TYPES[err.kind], param: err.param ?? null, code } };
}

import type { ApiError } from '../errors';

/**
 * `GET`/`DELETE /v1/responses/{id}` (and its input_items): this proxy keeps no responses, so every
 * id is unknown, answered as OpenAI answers an id it does not have.
 */
export function unstoredResponse(path: string): ApiError {
  const rest = path.slice('/v1/responses/'.length);
  const slash = rest.indexOf('/');
  let id: string;
  try {
    id = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
  } catch {
    id = rest;
  }
  return {
    status: 404,
    kind: 'not_found',
    message: `Response with id '${id}' not found: mmrouter does not store responses; keep the output you need from the answer itself`,
  };
}

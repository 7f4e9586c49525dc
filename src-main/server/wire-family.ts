import type { WireApi } from '../core/providers/types';
import type { RouteResult } from '../core/router/types';
import type { ApiError } from './errors';
import type { ParsedRequest, ParseResult } from './parsed-request';
import type { StreamEncoder } from './stream-encoder';

/** One client wire format (chat completions, Messages, Responses), wire ⇄ neutral; `P` is what its parse keeps for the answer. */
export interface WireFamily<P extends ParsedRequest = ParsedRequest> {
  /** The API this format is, for relaying a body to an upstream that speaks it too. */
  api: WireApi;
  /** Label for metrics and logs. */
  endpoint: string;
  /** Stored with the request record. */
  source: string;
  parse(body: unknown): ParseResult<P>;
  render(result: RouteResult, parsed: P): unknown;
  encoder(parsed: P): StreamEncoder;
  errorStatus(err: ApiError): number;
  errorBody(err: ApiError): unknown;
}

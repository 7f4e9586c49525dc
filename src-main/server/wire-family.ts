import type { WireApi } from '../core/providers/types';
import type { RouteResult } from '../core/router/types';
import type { ApiError } from './errors';
import type { ParsedRequest, ParseResult } from './parsed-request';
import type { StreamEncoder } from './stream-encoder';

/** One client wire format (OpenAI chat completions or Anthropic messages), wire ⇄ neutral. */
export interface WireFamily {
  /** The API this format is, for relaying a body to an upstream that speaks it too. */
  api: WireApi;
  /** Label for metrics and logs. */
  endpoint: string;
  /** Stored with the request record. */
  source: string;
  parse(body: unknown): ParseResult;
  render(result: RouteResult): unknown;
  encoder(parsed: ParsedRequest): StreamEncoder;
  errorStatus(err: ApiError): number;
  errorBody(err: ApiError): unknown;
}

import { openaiErrorBody, openaiStatus } from '../openai/errors';
import type { WireFamily } from '../wire-family';
import { type ParsedResponsesRequest, parseResponsesRequest } from './request';
import { renderResponse } from './response';
import { ResponsesStreamEncoder } from './stream';

/** OpenAI's Responses API (`POST /v1/responses`); its errors have the chat completions envelope. */
export const responsesFamily: WireFamily<ParsedResponsesRequest> = {
  api: 'openai-responses',
  endpoint: 'responses',
  source: 'proxy:responses',
  parse: parseResponsesRequest,
  render: renderResponse,
  encoder: (parsed) => new ResponsesStreamEncoder(parsed.body),
  errorStatus: openaiStatus,
  errorBody: openaiErrorBody,
};

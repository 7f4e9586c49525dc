import type { WireFamily } from '../wire-family';
import { openaiErrorBody, openaiStatus } from './errors';
import { parseChatCompletionRequest } from './request';
import { chatCompletion } from './response';
import { OpenAIStreamEncoder } from './stream';

export const openaiFamily: WireFamily = {
  api: 'openai',
  endpoint: 'chat_completions',
  source: 'proxy:openai',
  parse: parseChatCompletionRequest,
  render: chatCompletion,
  encoder: (parsed) => new OpenAIStreamEncoder(parsed.includeUsage),
  errorStatus: openaiStatus,
  errorBody: openaiErrorBody,
};

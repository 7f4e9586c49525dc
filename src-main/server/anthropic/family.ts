import { quickTokenEstimate } from '../../core/prompt-tokens';
import type { WireFamily } from '../wire-family';
import { anthropicErrorBody } from './errors';
import { parseMessagesRequest } from './request';
import { anthropicMessage } from './response';
import { AnthropicStreamEncoder } from './stream';

export const anthropicFamily: WireFamily = {
  api: 'anthropic',
  endpoint: 'messages',
  source: 'proxy:anthropic',
  parse: parseMessagesRequest,
  render: anthropicMessage,
  encoder: (parsed) => new AnthropicStreamEncoder(quickTokenEstimate(parsed.chat)),
  // Anthropic clients know 529 (overloaded) and retry it.
  errorStatus: (err) => err.status,
  errorBody: anthropicErrorBody,
};

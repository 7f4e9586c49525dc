import type { ApiError } from '../errors';
import { invalidFromZod } from '../parsed-request';
import { countPromptTokens } from '../../core/prompt-tokens';
import { MessagesRequestSchema, toNeutralMessages, toolsOf } from './request';

// count_tokens carries no max_tokens and may omit the model; everything else is a Messages body.
const CountTokensSchema = MessagesRequestSchema.extend({ model: MessagesRequestSchema.shape.model.nullish() });

/** `POST /v1/messages/count_tokens`: an estimate, since the model that will answer is not chosen yet. */
export async function countTokens(body: unknown): Promise<{ ok: true; body: { input_tokens: number } } | { ok: false; error: ApiError }> {
  const parsed = CountTokensSchema.safeParse(body);
  if (!parsed.success) return invalidFromZod(parsed.error);
  const b = parsed.data;
  const messages = toNeutralMessages({ ...b, model: b.model ?? 'auto' });
  return { ok: true, body: { input_tokens: await countPromptTokens({ messages, tools: toolsOf(b.tools) ?? [] }) } };
}

import { invalid, invalidFromZod, UnsupportedError } from '../parsed-request';
import type { ApiError } from '../errors';
import { countPromptTokens } from '../token-estimate';
import { MessagesRequestSchema, toNeutralMessages } from './request';

// count_tokens carries no max_tokens and may omit the model; everything else is a Messages body.
const CountTokensSchema = MessagesRequestSchema.extend({ model: MessagesRequestSchema.shape.model.nullish() });

/** `POST /v1/messages/count_tokens`: an estimate, since the model that will answer is not chosen yet. */
export async function countTokens(body: unknown): Promise<{ ok: true; body: { input_tokens: number } } | { ok: false; error: ApiError }> {
  const parsed = CountTokensSchema.safeParse(body);
  if (!parsed.success) return invalidFromZod(parsed.error);
  const b = parsed.data;
  try {
    const messages = toNeutralMessages({ ...b, model: b.model ?? 'auto' });
    const tools = (b.tools ?? []).map((t) => ({ name: t.name, description: t.description ?? '', parameters: t.input_schema ?? {} }));
    return { ok: true, body: { input_tokens: await countPromptTokens({ messages, tools }) } };
  } catch (err) {
    if (err instanceof UnsupportedError) return invalid(err.message, err.param);
    throw err;
  }
}

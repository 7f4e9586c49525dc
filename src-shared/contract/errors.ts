import { z } from 'zod';

/**
 * How an operation fails, the same over every transport. `field` names the offending input field
 * (dotted path, e.g. `maxTokens` or `rows.3.prompt`) when the caller sent something wrong.
 */
export const API_ERROR_CODES = ['invalid_input', 'unknown_operation', 'not_found', 'conflict', 'cancelled', 'unavailable', 'upstream', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ApiErrorBodySchema = z.object({
  code: z.enum(API_ERROR_CODES),
  /** One line for a person: what is wrong and how to fix it. Never a key, never a stack. */
  message: z.string(),
  field: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** What a transport carries back for one call: the operation's output, or why it failed. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** HTTP status for each code, used by the /api transport. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unknown_operation: 404,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  unavailable: 503,
  upstream: 502,
  internal: 500,
};

/** The error a client's `invoke` rejects with. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.field = body.field;
  }

  toBody(): ApiErrorBody {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}

/** The first problem zod found in `input`, as one line naming the field. */
export function describeZodError(error: z.ZodError, what: string, input: unknown): ApiErrorBody {
  const issue = error.issues[0];
  if (!issue) return { code: 'invalid_input', message: `invalid ${what}` };
  const field = issue.path.map(String).join('.');
  // zod 4 leaves `input` out of issues unless asked: whether the field was sent is read from the payload.
  const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
  const message = field ? (missing ? `${what}: '${field}' is required` : `${what}: '${field}': ${issue.message}`) : `${what}: ${issue.message}`;
  return field ? { code: 'invalid_input', message, field } : { code: 'invalid_input', message };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

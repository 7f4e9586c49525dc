import type { z } from 'zod';
import { ApiError, describeZodError, type Envelope } from '../../../src-shared/contract/errors';
import { isOperationName, operations, type OperationName, type Operations, type ParsedInput } from '../../../src-shared/contract/operations';

/** Who is calling, as far as a handler needs to know. */
export interface CallContext {
  /** Aborted when the caller went away (HTTP client closed, window destroyed). */
  signal?: AbortSignal;
}

export type Handler<K extends OperationName> = (input: ParsedInput<K>, ctx: CallContext) => Promise<z.input<Operations[K]['output']>>;

/** One handler per operation of the contract: a missing or mistyped one is a compile error. */
export type HandlerTable = { [K in OperationName]: Handler<K> };

/** Turns whatever a handler threw into the error body callers see (never a stack, never a key). */
export type ErrorMapper = (err: unknown, operation: OperationName) => ApiError;

/**
 * Validates the input against the contract, runs the handler, validates its output (unknown fields
 * are stripped, so nothing undeclared leaves main), and wraps either outcome in an envelope.
 * Every transport calls this; it never throws.
 */
export async function callOperation(table: HandlerTable, name: string, rawInput: unknown, ctx: CallContext, mapError: ErrorMapper): Promise<Envelope> {
  if (!isOperationName(name)) return { ok: false, error: { code: 'unknown_operation', message: `unknown operation '${name}'` } };
  const spec = operations[name];
  const input = spec.input.safeParse(rawInput ?? {});
  if (!input.success) return { ok: false, error: describeZodError(input.error, name, rawInput ?? {}) };
  let value: unknown;
  try {
    value = await (table[name] as (input: unknown, ctx: CallContext) => Promise<unknown>)(input.data, ctx);
  } catch (err) {
    return { ok: false, error: (err instanceof ApiError ? err : mapError(err, name)).toBody() };
  }
  const output = spec.output.safeParse(value);
  if (!output.success) {
    const why = describeZodError(output.error, `${name} output`, value).message;
    process.stderr.write(`mmrouter api: ${why}\n`);
    return { ok: false, error: { code: 'internal', message: `mmrouter produced an invalid answer for ${name}` } };
  }
  return { ok: true, value: output.data };
}

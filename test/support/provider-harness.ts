import type { ChatRequest, ChatResponse, StreamEvent } from '../../src-shared/chat';
import type { ProviderType, ResolvedProvider } from '../../src-shared/config-schema';
import { createProvider } from '../../src-main/core/providers/factory';
import type { ChatProvider, ProviderCallOptions } from '../../src-main/core/providers/types';
import { ProviderError } from '../../src-main/core/providers/types';
import type { MockFamily, MockUpstream } from './mock-upstream';

/** Looks like a real key so the redaction of key-shaped strings is exercised too. */
export const TEST_KEY = 'sk-test-0123456789abcdefSECRET';

export const TEST_ENV = { OPENAI_API_KEY: TEST_KEY, ANTHROPIC_API_KEY: TEST_KEY, GOOGLE_API_KEY: TEST_KEY };

export const FAMILY_TYPE: Record<MockFamily, ProviderType> = { openai: 'openai', anthropic: 'anthropic' };

export const MODEL: Record<MockFamily, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5' };

export function providerFor(
  mock: MockUpstream,
  type: ProviderType,
  over: Partial<ResolvedProvider> = {},
  env: Record<string, string | undefined> = TEST_ENV,
): ChatProvider {
  const baseUrl = type === 'anthropic' ? mock.anthropicBaseUrl : mock.openaiBaseUrl;
  return createProvider({ name: `test-${type}`, type, baseUrl, timeoutMs: 5000, maxRetries: 2, headers: {}, ...over }, { env, simulatorProfiles: new Map() });
}

export const OPTS: ProviderCallOptions = { timeoutMs: 5000 };

export function ask(text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { messages: [{ role: 'user', content: text }], ...extra };
}

export async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** The `done` response of a stream, checking it is the single last event. */
export function doneOf(events: StreamEvent[]): ChatResponse {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`stream did not end with done: ${JSON.stringify(events.at(-1))}`);
  if (events.filter((e) => e.type === 'done').length !== 1) throw new Error('more than one done event');
  return last.response;
}

export function textOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
}

/** The ProviderError a call failed with (fails the test if it did not fail that way). */
export async function failureOf(call: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw new Error(`expected a ProviderError, got ${String(err)}`);
  }
  throw new Error('expected the call to fail');
}

/** The JSON body of the last request the mock received. */
export function lastBody(mock: MockUpstream): Record<string, unknown> {
  const r = mock.requests.at(-1);
  if (!r || typeof r.body !== 'object' || r.body === null) throw new Error('no JSON request recorded');
  return r.body as Record<string, unknown>;
}

import type { ResolvedProvider, SimulatorProfile } from '../../../src-shared/config-schema';
import { AnthropicProvider } from './anthropic';
import type { Env } from './connection';
import { lazyConnection, lazyEndpoint } from './connection';
import { AnthropicNative } from './anthropic-native';
import { nodeFetch } from './node-fetch';
import { OpenAIProvider } from './openai';
import { OpenAINative } from './openai-native';
import { SimulatorProvider } from './simulator';
import type { ChatProvider } from './types';
import { ProviderError } from './types';

export interface ProviderContext {
  env: Env;
  /** Keyed by upstream model id. */
  simulatorProfiles: Map<string, SimulatorProfile>;
}

export const DEFAULT_BASE_URLS = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta/openai/',
} as const;

/** Local servers (Ollama, vLLM, LM Studio) take no key, but the SDK refuses to run without one. */
const PLACEHOLDER_KEY = 'not-needed';

/**
 * One ChatProvider per configured provider. Base URLs are passed explicitly so the config, not
 * stray OPENAI_BASE_URL / ANTHROPIC_BASE_URL variables, decides where requests go. SDK retries
 * are off: each call is one attempt and the router owns retries.
 */
export function createProvider(p: ResolvedProvider, ctx: ProviderContext): ChatProvider {
  const common = { maxRetries: 0, timeout: p.timeoutMs, defaultHeaders: p.headers, fetch: nodeFetch };
  switch (p.type) {
    case 'simulator':
      return new SimulatorProvider(p.name, ctx.simulatorProfiles);
    case 'anthropic': {
      const baseUrl = p.baseUrl ?? DEFAULT_BASE_URLS.anthropic;
      return new AnthropicProvider(
        p.name,
        lazyConnection(p, ctx.env, (apiKey, sdks) => new sdks.anthropic.Anthropic({ ...common, apiKey: apiKey ?? null, baseURL: baseUrl })),
        new AnthropicNative(lazyEndpoint(p, ctx.env, () => joinUrl(baseUrl, 'v1/messages'), (apiKey) => ({ 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION }))),
      );
    }
    case 'openai':
    case 'google':
    case 'openai-compatible': {
      const type = p.type;
      return new OpenAIProvider(
        p.name,
        type,
        lazyConnection(p, ctx.env, (apiKey, sdks) => new sdks.openai.OpenAI({ ...common, apiKey: apiKey ?? PLACEHOLDER_KEY, baseURL: baseUrlOf(p, type) })),
        // Gemini's compatible endpoint takes a documented subset of OpenAI's fields: it gets translated requests.
        type === 'google' ? undefined : new OpenAINative(type, lazyEndpoint(p, ctx.env, () => joinUrl(baseUrlOf(p, type), 'chat/completions'), (apiKey) => ({ authorization: `Bearer ${apiKey}` }))),
      );
    }
  }
}

/** The Messages API version we speak when the client names none (the SDK's default). */
const ANTHROPIC_VERSION = '2023-06-01';

function joinUrl(base: string, path: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${path}`;
}

function baseUrlOf(p: ResolvedProvider, type: 'openai' | 'google' | 'openai-compatible'): string {
  if (p.baseUrl) return p.baseUrl;
  if (type !== 'openai-compatible') return DEFAULT_BASE_URLS[type];
  throw new ProviderError('config', `provider '${p.name}' is openai-compatible and needs a base_url (e.g. http://localhost:11434/v1 for Ollama)`);
}

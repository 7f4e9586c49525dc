import type { ResolvedProvider, SimulatorProfile } from '../../../src-shared/config-schema';
import { AnthropicProvider } from './anthropic';
import type { Env } from './connection';
import { lazyEndpoint } from './connection';
import { AnthropicNative } from './anthropic-native';
import { TRANSLATED_API_VERSION } from './anthropic-request';
import { OpenAIProvider } from './openai';
import { OpenAINative } from './openai-native';
import { OpenAIResponsesNative } from './openai-responses/native';
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

/**
 * Local servers (Ollama, vLLM, LM Studio) take no key, but some sit behind gateways that want an
 * Authorization header of some kind: the one the OpenAI SDK's users put in for them.
 */
const PLACEHOLDER_KEY = 'not-needed';

/**
 * One ChatProvider per configured provider. Base URLs are passed explicitly so the config, not
 * stray OPENAI_BASE_URL / ANTHROPIC_BASE_URL variables, decides where requests go. Each call is
 * one attempt: the router owns retries.
 */
export function createProvider(p: ResolvedProvider, ctx: ProviderContext): ChatProvider {
  switch (p.type) {
    case 'simulator':
      return new SimulatorProvider(p.name, ctx.simulatorProfiles);
    case 'anthropic': {
      const baseUrl = p.baseUrl ?? DEFAULT_BASE_URLS.anthropic;
      const endpoint = (version: string) => lazyEndpoint(p, ctx.env, () => joinUrl(baseUrl, 'v1/messages'), (apiKey) => ({ ...(apiKey !== undefined && { 'x-api-key': apiKey }), 'anthropic-version': version }));
      return new AnthropicProvider(p.name, endpoint(TRANSLATED_API_VERSION), { anthropic: new AnthropicNative(endpoint(RELAYED_API_VERSION)) });
    }
    case 'openai':
    case 'google':
    case 'openai-compatible': {
      const type = p.type;
      const endpoint = (path: string) =>
        lazyEndpoint(p, ctx.env, () => joinUrl(baseUrlOf(p, type), path), (apiKey) => ({
          authorization: `Bearer ${apiKey ?? PLACEHOLDER_KEY}`,
          ...(type === 'openai' && openaiAccountHeaders(ctx.env)),
        }));
      const chat = endpoint('chat/completions');
      // Gemini's compatible endpoint takes a documented subset of OpenAI's fields: it gets translated
      // requests. Compatible servers that have a Responses API implement it to varying degrees, so
      // Responses clients reach them translated to chat completions; only OpenAI gets the relay.
      if (type === 'google') return new OpenAIProvider(p.name, type, chat);
      const chatRelay = new OpenAINative(type, chat);
      const natives = type === 'openai' ? { openai: chatRelay, 'openai-responses': new OpenAIResponsesNative(endpoint('responses')) } : { openai: chatRelay };
      return new OpenAIProvider(p.name, type, chat, natives);
    }
  }
}

/**
 * The organization and project OpenAI bills a call to, from the variables OpenAI's own SDKs read,
 * so a key that belongs to several keeps billing where its owner pointed it. A provider's
 * configured `headers` still win.
 */
function openaiAccountHeaders(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  const organization = env.OPENAI_ORG_ID?.trim();
  const project = env.OPENAI_PROJECT_ID?.trim();
  if (organization) out['openai-organization'] = organization;
  if (project) out['openai-project'] = project;
  return out;
}

/** The Messages API version a relayed request goes with when the client names none: the one curl examples use. */
const RELAYED_API_VERSION = '2023-06-01';

function joinUrl(base: string, path: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${path}`;
}

function baseUrlOf(p: ResolvedProvider, type: 'openai' | 'google' | 'openai-compatible'): string {
  if (p.baseUrl) return p.baseUrl;
  if (type !== 'openai-compatible') return DEFAULT_BASE_URLS[type];
  throw new ProviderError('config', `provider '${p.name}' is openai-compatible and needs a base_url (e.g. http://localhost:11434/v1 for Ollama)`);
}

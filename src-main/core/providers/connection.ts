import type { ResolvedProvider } from '../../../src-shared/config-schema';
import { DEFAULT_KEY_ENV } from '../../../src-shared/config-schema';
import { type NativeEndpoint, nativeEndpoint } from './native-http';
import { ProviderError } from './types';

export type Env = Record<string, string | undefined>;

/**
 * The API key for a provider, or undefined when it needs none. A missing key is reported at call
 * time, not at load: a config may name providers this user never calls.
 */
export function resolveApiKey(p: ResolvedProvider, env: Env): string | undefined {
  const envVar = p.apiKeyEnv ?? DEFAULT_KEY_ENV[p.type];
  if (envVar === undefined) return undefined;
  const value = env[envVar]?.trim();
  if (value) return value;
  throw new ProviderError('config', `${envVar} is not set: export ${envVar}=<your key> (needed by provider '${p.name}')`);
}

const USER_AGENT = 'mmrouter';

/**
 * Where a provider's calls go, built on first use and kept. A failed key lookup is not cached, so
 * setting the variable (e.g. in the desktop app's keychain flow) takes effect on the next call.
 * `auth` turns the key (undefined for a provider that needs none) into the API's own headers.
 */
export function lazyEndpoint(p: ResolvedProvider, env: Env, url: () => string, auth: (apiKey: string | undefined) => Record<string, string>): () => NativeEndpoint {
  let endpoint: NativeEndpoint | undefined;
  return () => {
    if (endpoint) return endpoint;
    const apiKey = resolveApiKey(p, env);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...auth(apiKey) };
    // Configured headers win over ours whatever their case: names are case-insensitive on the wire.
    for (const [name, value] of Object.entries(p.headers)) headers[name.toLowerCase()] = value;
    endpoint = nativeEndpoint(p.name, new URL(url()), headers, apiKey === undefined ? [] : [apiKey]);
    return endpoint;
  };
}

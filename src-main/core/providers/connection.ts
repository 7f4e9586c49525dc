import type { ResolvedProvider } from '../../../src-shared/config-schema';
import { DEFAULT_KEY_ENV } from '../../../src-shared/config-schema';
import { type NativeEndpoint, nativeEndpoint } from './native-http';
import { loadSdks, type Sdks } from './sdks';
import { ProviderError } from './types';

/** An SDK client ready to call, with the values its errors must never show. */
export interface Connection<C> {
  client: C;
  secrets: readonly string[];
}

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

/**
 * Builds the client on first use and keeps it: one client per provider means one keep-alive
 * connection pool, which the proxy's latency depends on. A failed key lookup is not cached, so
 * setting the variable (e.g. in the desktop app's keychain flow) takes effect on the next call.
 */
export function lazyConnection<C>(p: ResolvedProvider, env: Env, make: (apiKey: string | undefined, sdks: Sdks) => C): () => Promise<Connection<C>> {
  let connection: Connection<C> | undefined;
  return async () => {
    if (connection) return connection;
    const apiKey = resolveApiKey(p, env);
    connection = { client: make(apiKey, await loadSdks()), secrets: apiKey === undefined ? [] : [apiKey] };
    return connection;
  };
}

const USER_AGENT = 'mmrouter';

/**
 * Where native calls go, built on first use like `lazyConnection` (and, like it, not caching a
 * missing key). `auth` turns the key into the API's own header.
 */
export function lazyEndpoint(p: ResolvedProvider, env: Env, url: () => string, auth: (apiKey: string) => Record<string, string>): () => NativeEndpoint {
  let endpoint: NativeEndpoint | undefined;
  return () => {
    if (endpoint) return endpoint;
    const apiKey = resolveApiKey(p, env);
    const headers = { 'user-agent': USER_AGENT, ...(apiKey === undefined ? {} : auth(apiKey)), ...p.headers };
    endpoint = nativeEndpoint(p.name, new URL(url()), headers, apiKey === undefined ? [] : [apiKey]);
    return endpoint;
  };
}

import { DEFAULT_KEY_ENV, PROVIDER_TYPES, type ProviderType } from '../../../src-shared/config-schema';
import { ApiError } from '../../../src-shared/contract/errors';
import { RouteError } from '../../core/router/types';
import type { ApiEventBus } from './event-bus';
import type { KeyStore } from './key-store';
import type { RouterHost } from './router-host';

export interface KeyInfo {
  provider: string;
  providerType: string;
  env: string;
  set: boolean;
  source: 'env' | 'stored' | null;
}

/** Providers a new user may want a key for even before their config names them. */
const WELL_KNOWN: readonly ProviderType[] = ['anthropic', 'openai', 'google'];

/**
 * Provider keys for the GUI: which are set and from where, storing and forgetting them, checking
 * one with a tiny call. A stored key wins over the environment's (the user typed it on purpose).
 * The keys themselves go only into the environment the providers read.
 */
export class KeyService {
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly store: KeyStore,
    private readonly bus: ApiEventBus,
    private readonly baseEnv: Record<string, string | undefined>,
  ) {}

  /** Reads the stored keys once at start; after that the cache follows set/delete. */
  async load(): Promise<void> {
    for (const envVar of await this.store.list()) {
      const key = await this.store.get(envVar);
      if (key) this.stored.set(envVar, key);
    }
  }

  env(): Record<string, string | undefined> {
    return { ...this.baseEnv, ...Object.fromEntries(this.stored) };
  }

  list(host: RouterHost): KeyInfo[] {
    const { config } = host.current.loaded;
    const seen = new Set<string>();
    const out: KeyInfo[] = [];
    const add = (provider: string, type: string, envVar: string | undefined) => {
      if (!envVar || seen.has(provider)) return;
      seen.add(provider);
      out.push(this.info(provider, type, envVar));
    };
    for (const [name, p] of Object.entries(config.providers)) {
      const type = p.type ?? (name as ProviderType);
      add(name, type, p.api_key_env ?? DEFAULT_KEY_ENV[type]);
    }
    for (const type of WELL_KNOWN) add(type, type, DEFAULT_KEY_ENV[type]);
    return out;
  }

  async set(host: RouterHost, provider: string, key: string): Promise<KeyInfo> {
    const { type, envVar } = this.resolve(host, provider);
    await this.store.set(envVar, key);
    this.stored.set(envVar, key);
    await host.rebuild();
    this.bus.emit('keys.changed', { provider });
    return this.info(provider, type, envVar);
  }

  async delete(host: RouterHost, provider: string): Promise<KeyInfo> {
    const { type, envVar } = this.resolve(host, provider);
    await this.store.delete(envVar);
    this.stored.delete(envVar);
    await host.rebuild();
    this.bus.emit('keys.changed', { provider });
    return this.info(provider, type, envVar);
  }

  /** One tiny call (one output token) to a model of the provider, through the router like any request. */
  async check(host: RouterHost, provider: string): Promise<{ provider: string; ok: boolean; message: string; latencyMs: number }> {
    this.resolve(host, provider);
    const { config } = host.current.loaded;
    const model = Object.entries(config.models).find(([, m]) => m.provider === provider)?.[0];
    if (!model) return { provider, ok: false, message: `no model in the config uses provider '${provider}': add one to check its key`, latencyMs: 0 };
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      const { decision } = await host.current.router.route({ model, chat: { messages: [{ role: 'user', content: 'Reply with OK.' }], maxTokens: 1 }, source: 'keys.check' });
      if (decision.provider !== provider) return { provider, ok: false, message: `${model} failed and ${decision.model ?? 'a fallback'} answered instead`, latencyMs: latencyMs() };
      return { provider, ok: true, message: `${model} answered`, latencyMs: latencyMs() };
    } catch (err) {
      if (!(err instanceof RouteError)) throw err;
      return { provider, ok: false, message: err.message, latencyMs: latencyMs() };
    }
  }

  private info(provider: string, providerType: string, envVar: string): KeyInfo {
    const source = this.stored.has(envVar) ? 'stored' : this.baseEnv[envVar]?.trim() ? 'env' : null;
    return { provider, providerType, env: envVar, set: source !== null, source };
  }

  private resolve(host: RouterHost, provider: string): { type: string; envVar: string } {
    const p = host.current.loaded.config.providers[provider];
    if (p) {
      const type = p.type ?? (provider as ProviderType);
      const envVar = p.api_key_env ?? DEFAULT_KEY_ENV[type];
      if (!envVar) throw new ApiError({ code: 'invalid_input', message: `provider '${provider}' (${type}) takes no key; give it api_key_env in the config if its server wants one`, field: 'provider' });
      return { type, envVar };
    }
    const type = PROVIDER_TYPES.find((t) => t === provider);
    const envVar = type && WELL_KNOWN.includes(type) ? DEFAULT_KEY_ENV[type] : undefined;
    if (!type || !envVar) throw new ApiError({ code: 'not_found', message: `no provider '${provider}' in the config`, field: 'provider' });
    return { type, envVar };
  }
}

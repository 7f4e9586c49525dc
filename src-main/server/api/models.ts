import { DEFAULT_KEY_ENV, type ProviderType } from '../../../src-shared/config-schema';
import type { OperationOutput } from '../../../src-shared/contract/operations';
import { COMPLEXITIES, CATEGORIES } from '../../../src-shared/labels';
import type { LoadedConfig } from '../../core/config/load';
import { createPricing, pricedModels } from '../../core/pricing/prices';

/** Configured models for the GUI: where each routes, what it costs, whether its key is there. */
export function listModels({ config }: LoadedConfig, env: Record<string, string | undefined>): OperationOutput<'models.list'> {
  const prices = createPricing(pricedModels(config));
  const models = Object.entries(config.models).map(([name, m]) => {
    const provider = config.providers[m.provider];
    const providerType = provider?.type ?? (m.provider as ProviderType);
    const keyEnv = provider?.api_key_env ?? DEFAULT_KEY_ENV[providerType] ?? null;
    const routes = COMPLEXITIES.flatMap((complexity) => CATEGORIES.filter((category) => config.routes[complexity][category].model === name).map((category) => ({ complexity, category })));
    return {
      name,
      provider: m.provider,
      providerType,
      upstreamModel: m.model ?? name,
      routes,
      prices: prices.perMillion(name) ?? null,
      keyEnv,
      keyConfigured: keyEnv === null || Boolean(env[keyEnv]?.trim()),
    };
  });
  return { models, baselineModel: config.baseline_model ?? config.routes.medium.reasoning.model };
}

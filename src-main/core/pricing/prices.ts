import { calcPrice, type ModelInfo, type ModelPrice, type Provider } from '@pydantic/genai-prices';
import type { Usage } from '../../../src-shared/chat';
import type { Config, Pricing, ProviderType } from '../../../src-shared/config-schema';

/** What pricing needs to know about one configured model. */
export interface PricedModel {
  providerType: ProviderType;
  /** The id the upstream API knows the model by. */
  upstreamModel: string;
  /** Config override, USD per million tokens; wins over the catalog. */
  pricing?: Pricing;
}

/** USD per million tokens. */
export interface PerMillion {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface PriceBook {
  /** USD for `usage` on the configured model `modelName`; 0 when its price is unknown. */
  cost(modelName: string, usage: Usage): number;
  known(modelName: string): boolean;
  perMillion(modelName: string): PerMillion | undefined;
}

/** Config provider types whose models the genai-prices catalog lists, by catalog provider id. */
const CATALOG_PROVIDERS: Partial<Record<ProviderType, string>> = { anthropic: 'anthropic', openai: 'openai', google: 'google' };

/** One model's prices as a single-model provider, so each cost is computed without searching the catalog. */
interface ResolvedPrice {
  provider: Provider;
  upstreamModel: string;
  perMillion: PerMillion;
  /** Absent when the price depends on the date, or from the very first token on a tier. */
  linear?: LinearRates;
}

/**
 * USD per token as the package computes them, so a request's cost is plain arithmetic instead of
 * a catalog calculation (which showed up at ~1.5% of the proxy's CPU, twice per request).
 */
interface LinearRates {
  perRequest: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Long-prompt tiers reprice a request from this many tokens on; from there the package decides. */
  below: number;
}

const PROBE_TOKENS = 1000;

function overridePrice(upstreamModel: string, p: Pricing): ResolvedPrice {
  const prices: ModelPrice = { input_mtok: p.input, output_mtok: p.output };
  if (p.cache_read !== undefined) prices.cache_read_mtok = p.cache_read;
  if (p.cache_write !== undefined) prices.cache_write_mtok = p.cache_write;
  return withLinearRates({
    provider: { id: 'mmrouter-config', name: 'mmrouter config', api_pattern: '', models: [{ id: upstreamModel, match: { equals: upstreamModel }, prices }] },
    upstreamModel,
    perMillion: perMillionOf(prices),
  });
}

function packageCost(price: ResolvedPrice, usage: Usage): number {
  return calcPrice(catalogUsage(usage), price.upstreamModel, { provider: price.provider })?.total_price ?? 0;
}

/** Derives per-token rates by asking the package for the cost of a few probe usages. */
function withLinearRates(price: ResolvedPrice): ResolvedPrice {
  const prices: ModelInfo['prices'] | undefined = price.provider.models[0]?.prices;
  if (prices === undefined || Array.isArray(prices)) return price;
  let below = Infinity;
  for (const value of Object.values(prices)) if (typeof value === 'object') for (const tier of value.tiers) below = Math.min(below, tier.start);
  if (below <= PROBE_TOKENS) return price;
  const none: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
  const perRequest = packageCost(price, none);
  const perToken = (u: Partial<Usage>): number => (packageCost(price, { ...none, ...u }) - perRequest) / PROBE_TOKENS;
  const linear: LinearRates = {
    perRequest,
    input: perToken({ inputTokens: PROBE_TOKENS }),
    output: perToken({ outputTokens: PROBE_TOKENS }),
    cacheRead: perToken({ inputTokens: PROBE_TOKENS, cachedInputTokens: PROBE_TOKENS }),
    cacheWrite: perToken({ inputTokens: PROBE_TOKENS, cacheWriteTokens: PROBE_TOKENS }),
    below,
  };
  return { ...price, linear };
}

/** A tiered price is shown at its base (smallest-prompt) rate. */
function rate(value: ModelPrice[string]): number | undefined {
  // The bundled catalog holds tiers as plain {base, tiers} objects, not TieredPrices instances.
  return typeof value === 'object' ? value.base : value;
}

function perMillionOf(prices: ModelPrice): PerMillion {
  const out: PerMillion = { input: rate(prices.input_mtok) ?? 0, output: rate(prices.output_mtok) ?? 0 };
  const cacheRead = rate(prices.cache_read_mtok);
  const cacheWrite = rate(prices.cache_write_mtok);
  if (cacheRead !== undefined) out.cacheRead = cacheRead;
  if (cacheWrite !== undefined) out.cacheWrite = cacheWrite;
  return out;
}

function catalogPrice(m: PricedModel): ResolvedPrice | undefined {
  const providerId = CATALOG_PROVIDERS[m.providerType];
  if (!providerId) return undefined;
  const found = calcPrice({}, m.upstreamModel, { providerId });
  if (!found) return undefined;
  return withLinearRates({ provider: { ...found.provider, models: [found.model] }, upstreamModel: m.upstreamModel, perMillion: perMillionOf(found.model_price) });
}

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * The package rejects usage whose cache counts exceed the input they are part of; a provider
 * reporting that must not break the request path, so the cache counts are capped instead.
 */
function catalogUsage(usage: Usage): { input_tokens: number; output_tokens: number; cache_read_tokens: number; cache_write_tokens: number } {
  const input = count(usage.inputTokens);
  const cacheRead = Math.min(count(usage.cachedInputTokens), input);
  const cacheWrite = Math.min(count(usage.cacheWriteTokens), input - cacheRead);
  return { input_tokens: input, output_tokens: count(usage.outputTokens), cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite };
}

function cost(price: ResolvedPrice, usage: Usage): number {
  const r = price.linear;
  const u = catalogUsage(usage);
  if (!r || u.input_tokens >= r.below || u.output_tokens >= r.below) return packageCost(price, usage);
  const fresh = u.input_tokens - u.cache_read_tokens - u.cache_write_tokens;
  return r.perRequest + fresh * r.input + u.cache_read_tokens * r.cacheRead + u.cache_write_tokens * r.cacheWrite + u.output_tokens * r.output;
}

/**
 * Prices for the configured models: the config's `pricing` override when given, else the
 * @pydantic/genai-prices catalog for anthropic, openai and google models. Cached input tokens are
 * billed at the cache-read price and cache writes at the cache-write price, each falling back to
 * the input price. Each model is looked up once.
 */
export function createPricing(models: Readonly<Record<string, PricedModel>>): PriceBook {
  const resolved = new Map<string, ResolvedPrice | undefined>();
  const lookup = (name: string): ResolvedPrice | undefined => {
    if (resolved.has(name)) return resolved.get(name);
    const m = Object.hasOwn(models, name) ? models[name] : undefined;
    const price = m && (m.pricing ? overridePrice(m.upstreamModel, m.pricing) : catalogPrice(m));
    resolved.set(name, price);
    return price;
  };
  return {
    cost(modelName, usage) {
      const price = lookup(modelName);
      return price ? cost(price, usage) : 0;
    },
    known: (modelName) => lookup(modelName) !== undefined,
    perMillion: (modelName) => lookup(modelName)?.perMillion,
  };
}

/** The pricing inputs of a config's models: provider type resolved, upstream id defaulted to the name. */
export function pricedModels(config: Config): Record<string, PricedModel> {
  const out: Record<string, PricedModel> = {};
  for (const [name, m] of Object.entries(config.models)) {
    const providerType = config.providers[m.provider]?.type ?? (m.provider as ProviderType);
    out[name] = { providerType, upstreamModel: m.model ?? name, ...(m.pricing ? { pricing: m.pricing } : {}) };
  }
  return out;
}

import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import type { Usage } from '../src-shared/chat';
import { ConfigSchema } from '../src-shared/config-schema';
import { createPricing, pricedModels, type PerMillion } from '../src-main/core/pricing/prices';

const usage = (u: Partial<Usage>): Usage => ({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, ...u });

const pricing = createPricing({
  haiku: { providerType: 'anthropic', upstreamModel: 'claude-haiku-4-5' },
  'haiku-dated': { providerType: 'anthropic', upstreamModel: 'claude-haiku-4-5-20251001' },
  sonnet: { providerType: 'anthropic', upstreamModel: 'claude-sonnet-4-6' },
  opus: { providerType: 'anthropic', upstreamModel: 'claude-opus-4-6' },
  mini: { providerType: 'openai', upstreamModel: 'gpt-4o-mini' },
  'gpt-4.1': { providerType: 'openai', upstreamModel: 'gpt-4.1' },
  flash: { providerType: 'google', upstreamModel: 'gemini-2.5-flash' },
  pro: { providerType: 'google', upstreamModel: 'gemini-2.5-pro' },
  'cheap-sonnet': { providerType: 'anthropic', upstreamModel: 'claude-sonnet-4-6', pricing: { input: 1, output: 2 } },
  custom: { providerType: 'openai-compatible', upstreamModel: 'my-finetune', pricing: { input: 2, output: 8, cache_read: 0.5, cache_write: 3 } },
  llama: { providerType: 'openai-compatible', upstreamModel: 'llama3.2' },
  sim: { providerType: 'simulator', upstreamModel: 'sim-fast' },
  typo: { providerType: 'anthropic', upstreamModel: 'claude-nonexistent-9' },
});

/** The bill for usage at per-million rates, cached and cache-written tokens falling back to the input rate. */
function bill(p: PerMillion, u: Usage): number {
  const fresh = u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens;
  return (fresh * p.input + u.cachedInputTokens * (p.cacheRead ?? p.input) + u.cacheWriteTokens * (p.cacheWrite ?? p.input) + u.outputTokens * p.output) / 1e6;
}

describe('catalog prices', () => {
  it.each(['haiku', 'sonnet', 'opus', 'mini', 'gpt-4.1', 'flash'])('knows %s', (name) => {
    expect(pricing.known(name)).toBe(true);
    const p = pricing.perMillion(name);
    expect(p?.input).toBeGreaterThan(0);
    expect(p?.output).toBeGreaterThan(p?.input ?? Infinity);
    expect(p?.cacheRead).toBeLessThan(p?.input ?? 0);
  });

  it('prices the Anthropic models at their published rates', () => {
    expect(pricing.perMillion('haiku')).toEqual({ input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 });
    expect(pricing.perMillion('sonnet')).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(pricing.perMillion('opus')).toEqual({ input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 });
  });

  it('matches dated snapshot ids to their model', () => {
    expect(pricing.perMillion('haiku-dated')).toEqual(pricing.perMillion('haiku'));
  });

  it('bills input and output per million tokens', () => {
    expect(pricing.cost('sonnet', usage({ inputTokens: 1_000_000, outputTokens: 1_000_000 }))).toBeCloseTo(18, 10);
    expect(pricing.cost('haiku', usage({ inputTokens: 500, outputTokens: 1000 }))).toBeCloseTo(0.0055, 12);
  });

  it('bills cached reads and cache writes at their own rates', () => {
    const u = usage({ inputTokens: 10_000, cachedInputTokens: 6000, cacheWriteTokens: 3000, outputTokens: 400 });
    // 1000 fresh at $3, 6000 read at $0.30, 3000 written at $3.75, 400 out at $15 (per million).
    expect(pricing.cost('sonnet', u)).toBeCloseTo((1000 * 3 + 6000 * 0.3 + 3000 * 3.75 + 400 * 15) / 1e6, 12);
    for (const name of ['mini', 'gpt-4.1', 'flash']) {
      const p = pricing.perMillion(name);
      if (!p) throw new Error(`${name} has no price`);
      expect(pricing.cost(name, u)).toBeCloseTo(bill(p, u), 12);
    }
  });

  it('bills cache writes at the input rate when the model has no cache-write price', () => {
    expect(pricing.perMillion('mini')?.cacheWrite).toBeUndefined();
    const written = pricing.cost('mini', usage({ inputTokens: 1_000_000, cacheWriteTokens: 1_000_000 }));
    expect(written).toBeCloseTo(pricing.perMillion('mini')?.input ?? NaN, 10);
  });

  it('applies long-prompt tiers the catalog defines', () => {
    const base = pricing.perMillion('pro')?.input ?? NaN;
    expect(pricing.cost('pro', usage({ inputTokens: 100_000 }))).toBeCloseTo((100_000 * base) / 1e6, 10);
    expect(pricing.cost('pro', usage({ inputTokens: 300_000 }))).toBeGreaterThan((300_000 * base) / 1e6);
  });

  it('caps cache counts a provider over-reported instead of failing the request', () => {
    const odd = usage({ inputTokens: 100, cachedInputTokens: 250, cacheWriteTokens: 50, outputTokens: 10 });
    expect(pricing.cost('haiku', odd)).toBeCloseTo((100 * 0.1 + 10 * 5) / 1e6, 12);
  });
});

describe('config overrides', () => {
  it('win over the catalog', () => {
    expect(pricing.perMillion('cheap-sonnet')).toEqual({ input: 1, output: 2 });
    expect(pricing.cost('cheap-sonnet', usage({ inputTokens: 1_000_000, outputTokens: 1_000_000 }))).toBeCloseTo(3, 10);
  });

  it('price models the catalog cannot know, cache rates included', () => {
    expect(pricing.known('custom')).toBe(true);
    const u = usage({ inputTokens: 1_000_000, cachedInputTokens: 500_000, cacheWriteTokens: 250_000, outputTokens: 100_000 });
    expect(pricing.cost('custom', u)).toBeCloseTo(0.25 * 2 + 0.5 * 0.5 + 0.25 * 3 + 0.1 * 8, 10);
  });

  it('without cache rates bill cached tokens at the input rate', () => {
    const u = usage({ inputTokens: 1_000_000, cachedInputTokens: 400_000, cacheWriteTokens: 100_000 });
    expect(pricing.cost('cheap-sonnet', u)).toBeCloseTo(1, 10);
  });
});

describe('unknown models', () => {
  it.each(['llama', 'sim', 'typo', 'not-in-config'])('%s costs nothing and is not known', (name) => {
    expect(pricing.known(name)).toBe(false);
    expect(pricing.perMillion(name)).toBeUndefined();
    expect(pricing.cost(name, usage({ inputTokens: 1000, outputTokens: 1000 }))).toBe(0);
  });

  it('does not mistake object built-ins for model names', () => {
    expect(pricing.known('constructor')).toBe(false);
    expect(pricing.cost('toString', usage({ inputTokens: 1 }))).toBe(0);
  });
});

describe('pricedModels', () => {
  it('reads provider types, upstream ids and overrides from a config', () => {
    const cell = { model: 'fast' };
    const row = { factual: cell, reasoning: cell, creative: cell, code: cell };
    const config = ConfigSchema.parse({
      providers: { anthropic: {}, local: { type: 'openai-compatible', base_url: 'http://127.0.0.1:11434/v1' } },
      models: {
        fast: { provider: 'anthropic', model: 'claude-haiku-4-5' },
        'claude-sonnet-4-6': { provider: 'anthropic' },
        llama: { provider: 'local', model: 'llama3.2', pricing: { input: 0.1, output: 0.2 } },
      },
      routes: { simple: row, medium: row, complex: row },
    });
    expect(pricedModels(config)).toEqual({
      fast: { providerType: 'anthropic', upstreamModel: 'claude-haiku-4-5' },
      'claude-sonnet-4-6': { providerType: 'anthropic', upstreamModel: 'claude-sonnet-4-6' },
      llama: { providerType: 'openai-compatible', upstreamModel: 'llama3.2', pricing: { input: 0.1, output: 0.2 } },
    });
    const fromConfig = createPricing(pricedModels(config));
    expect(fromConfig.perMillion('fast')?.input).toBe(1);
    expect(fromConfig.cost('llama', usage({ inputTokens: 1_000_000 }))).toBeCloseTo(0.1, 10);
  });
});

describe('the per-token fast path', () => {
  it('bills exactly what the pricing package computes, across models, cache mixes and long-prompt tiers', () => {
    const catalog: [string, 'anthropic' | 'openai' | 'google', string][] = [
      ['haiku', 'anthropic', 'claude-haiku-4-5'],
      ['sonnet', 'anthropic', 'claude-sonnet-4-6'],
      ['mini', 'openai', 'gpt-4o-mini'],
      ['gpt-4.1', 'openai', 'gpt-4.1'],
      ['flash', 'google', 'gemini-2.5-flash'],
      ['pro', 'google', 'gemini-2.5-pro'],
    ];
    let seed = 7;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % max;
    };
    for (let i = 0; i < 600; i++) {
      const [name, providerId, model] = catalog[i % catalog.length] ?? catalog[0]!;
      // Every fourth usage goes past Gemini Pro's 200k-token tier threshold.
      const input = i % 4 === 0 ? 150_000 + next(200_000) : next(5_000);
      const cached = next(input + 1);
      const written = next(input - cached + 1);
      const u = usage({ inputTokens: input, outputTokens: next(4_000), cachedInputTokens: cached, cacheWriteTokens: written });
      const expected = calcPrice({ input_tokens: input, output_tokens: u.outputTokens, cache_read_tokens: cached, cache_write_tokens: written }, model, { providerId })?.total_price ?? 0;
      expect(pricing.cost(name, u)).toBeCloseTo(expected, 12);
    }
  });
});

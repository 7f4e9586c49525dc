import type { Config } from '../../../src-shared/config-schema';
import { escalate, type Category, type Classification, type Complexity } from '../../../src-shared/labels';

export interface AutoChoice {
  tier: Complexity;
  escalated: boolean;
  candidates: readonly string[];
  reasons: string[];
}

/** The route table lookup for a classified prompt, with confidence-based escalation. */
export function chooseForClassification(routes: Config['routes'], threshold: number, c: Classification): AutoChoice {
  const reasons = [`classified ${c.complexity}/${c.category} by ${c.strategy} (confidence ${c.confidence.toFixed(2)})`];
  let tier = c.complexity;
  if (c.confidence < threshold && tier !== 'complex') {
    tier = escalate(tier);
    reasons.push(`confidence ${c.confidence.toFixed(2)} < threshold ${threshold}: escalated ${c.complexity} -> ${tier}`);
  }
  reasons.push(describeCell(routes, tier, c.category));
  return { tier, escalated: tier !== c.complexity, candidates: cellCandidates(routes, tier, c.category), reasons };
}

/** Each route cell's candidates, made once per loaded config: they are the same for every request. */
const cellChains = new WeakMap<object, readonly string[]>();

/** A route cell's model followed by its fallbacks (shared between requests: never modify it). */
export function cellCandidates(routes: Config['routes'], tier: Complexity, category: Category): readonly string[] {
  const cell = routes[tier][category];
  let chain = cellChains.get(cell);
  if (!chain) cellChains.set(cell, (chain = cell.fallbacks.length === 0 ? [cell.model] : unique([cell.model, ...cell.fallbacks])));
  return chain;
}

/** Each table's cell descriptions, made once per loaded config like the chains. */
const cellDescriptions = new WeakMap<Config['routes'], Map<string, string>>();

export function describeCell(routes: Config['routes'], tier: Complexity, category: Category): string {
  let texts = cellDescriptions.get(routes);
  if (!texts) cellDescriptions.set(routes, (texts = new Map()));
  const key = `${tier}/${category}`;
  let text = texts.get(key);
  if (text === undefined) {
    const cell = routes[tier][category];
    texts.set(key, (text = `route ${key} -> ${cell.model}${cell.fallbacks.length ? ` (fallbacks: ${cell.fallbacks.join(', ')})` : ''}`));
  }
  return text;
}

/** An explicitly named model followed by its fallbacks, expanded transitively (cycles are rejected at load). */
export function chainForModel(config: Config, model: string): string[] {
  const chain: string[] = [];
  const visit = (m: string) => {
    if (chain.includes(m)) return;
    chain.push(m);
    for (const fb of config.models[m]?.fallbacks ?? []) visit(fb);
  };
  visit(model);
  return chain;
}

/**
 * Resolves what a client put in `model` to a configured model name: the name itself, or an
 * upstream id that exactly one configured model maps to (clients often send the vendor's id).
 */
export function resolveModelName(config: Config, requested: string): string | undefined {
  if (Object.hasOwn(config.models, requested)) return requested;
  const matches = Object.entries(config.models).filter(([, m]) => m.model === requested);
  return matches.length === 1 ? matches[0]?.[0] : undefined;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

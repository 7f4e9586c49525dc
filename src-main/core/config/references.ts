import { CATEGORIES, COMPLEXITIES } from '../../../src-shared/labels';
import type { Config } from '../../../src-shared/config-schema';

export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Cross-references zod cannot see: every model a route or fallback names exists, every model's
 * provider exists, no model falls back to itself directly or through a cycle.
 */
export function checkReferences(config: Config): ReferenceProblem | undefined {
  const models = Object.keys(config.models);
  const known = (m: string) => Object.hasOwn(config.models, m);
  const unknownModel = (m: string, path: (string | number)[]): ReferenceProblem => ({
    path,
    message: `unknown model '${m}'; define it under models (known: ${models.join(', ') || 'none'})`,
  });

  for (const [name, model] of Object.entries(config.models)) {
    if (!Object.hasOwn(config.providers, model.provider)) {
      return { path: ['models', name, 'provider'], message: `model '${name}' uses unknown provider '${model.provider}'; define it under providers (known: ${Object.keys(config.providers).join(', ') || 'none'})` };
    }
    for (const [i, fb] of model.fallbacks.entries()) if (!known(fb)) return unknownModel(fb, ['models', name, 'fallbacks', i]);
  }

  for (const [name, provider] of Object.entries(config.providers)) {
    const type = provider.type ?? name;
    if (type === 'openai-compatible' && !provider.base_url) return { path: ['providers', name], message: `provider '${name}' is openai-compatible and needs base_url (e.g. http://localhost:11434/v1 for Ollama)` };
    if (!provider.type && !['anthropic', 'openai', 'google', 'simulator'].includes(name)) {
      return { path: ['providers', name], message: `provider '${name}' needs a type: anthropic, openai, google, openai-compatible or simulator` };
    }
  }

  for (const complexity of COMPLEXITIES) {
    for (const category of CATEGORIES) {
      const cell = config.routes[complexity][category];
      const at = ['routes', complexity, category];
      if (!known(cell.model)) return unknownModel(cell.model, [...at, 'model']);
      for (const [i, fb] of cell.fallbacks.entries()) {
        if (!known(fb)) return unknownModel(fb, [...at, 'fallbacks', i]);
        if (fb === cell.model) return { path: [...at, 'fallbacks', i], message: `'${fb}' is the route's own model; a model cannot be its own fallback` };
      }
    }
  }

  const cycle = findFallbackCycle(config);
  if (cycle) return { path: ['models', cycle[0] ?? '', 'fallbacks'], message: `fallback cycle: ${cycle.join(' -> ')}` };

  if (config.baseline_model && !known(config.baseline_model)) return unknownModel(config.baseline_model, ['baseline_model']);
  if (config.classifier.llm.model && !known(config.classifier.llm.model)) return unknownModel(config.classifier.llm.model, ['classifier', 'llm', 'model']);
  return undefined;
}

function findFallbackCycle(config: Config): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (m: string): string[] | undefined => {
    if (state.get(m) === 'done') return undefined;
    if (state.get(m) === 'visiting') return [...stack.slice(stack.indexOf(m)), m];
    state.set(m, 'visiting');
    stack.push(m);
    for (const next of config.models[m]?.fallbacks ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(m, 'done');
    return undefined;
  };
  for (const m of Object.keys(config.models)) {
    const found = visit(m);
    if (found) return found;
  }
  return undefined;
}

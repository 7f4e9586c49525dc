// Imports nothing of the app: Playwright's e2e fixtures load it too.

export const CHEAP = 'claude-haiku-4-5';
export const OPENAI_MODEL = 'gpt-4o-mini';

/**
 * The mock upstream's three models and the routes over them: simple prompts go to an Anthropic
 * model, the rest to an OpenAI one, so every cross-family path is reachable.
 */
export function mockModelsAndRoutes(): string {
  const tier = (model: string, fallback: string): string =>
    ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: { model: ${model}, fallbacks: [${fallback}] }`).join('\n');
  return `models:
  ${CHEAP}:
    provider: anthropic
    pricing: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 }
  ${OPENAI_MODEL}:
    provider: openai
    pricing: { input: 0.15, output: 0.6 }
  gpt-4.1:
    provider: openai
    pricing: { input: 2, output: 8 }
routes:
  simple:
${tier(CHEAP, OPENAI_MODEL)}
  medium:
${tier('gpt-4.1', OPENAI_MODEL)}
  complex:
${tier('gpt-4.1', OPENAI_MODEL)}
baseline_model: gpt-4.1
`;
}


import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A config that sends every cell to one OpenAI model at `upstream` (rules classifier, tracking
 * on): the same work per request whatever the prompt, so runs compare like with like. Returns the
 * folder and the config's path; databases for each target go in the folder.
 */
export function writeSingleModelConfig(upstream: string, prefix: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cell = '{ model: gpt-4o-mini }';
  const tier = `{ factual: ${cell}, reasoning: ${cell}, creative: ${cell}, code: ${cell} }`;
  const config = join(dir, 'mmrouter.yaml');
  writeFileSync(
    config,
    `providers:\n  openai: { base_url: ${upstream}/v1 }\nclassifier: { strategy: rules }\nmodels:\n  gpt-4o-mini: { provider: openai, pricing: { input: 0.15, output: 0.6 } }\nroutes:\n  simple: ${tier}\n  medium: ${tier}\n  complex: ${tier}\n`,
  );
  return { dir, config };
}

/**
 * Every routing policy on, as issue 12's speed target sets them: breakers, a budget with a limit
 * no bench reaches, adaptive routing (the caller seeds feedback), alert rules and an experiment
 * between `control.yaml` and `treatment.yaml` (written beside the config by `writeRoutingConfig`).
 */
const ALL_POLICIES = `breaker: { enabled: true, failure_threshold: 5, cooldown_ms: 30000, error_rate: { threshold: 0.5, window_ms: 60000, min_requests: 20 } }
budget: { enabled: true, daily_limit_usd: 1000000, monthly_limit_usd: 10000000, timezone: UTC }
adaptive: { enabled: true, min_feedback: 1 }
alerts: { enabled: true, log: false }
experiments: [{ name: bench, control: control.yaml, treatment: treatment.yaml, split: 0.5 }]
`;

/**
 * The bench's routing config: every cell to one model with a fallback, at `upstream`. `openai`
 * relays the bench's OpenAI requests to an OpenAI model; `anthropic` translates them for an
 * Anthropic one (the cross-family path). `policies` turns every routing policy on; off, the
 * breaker (on by default) is off too, so nothing but routing runs.
 */
export function writeRoutingConfig(upstream: string, family: 'openai' | 'anthropic', policies: boolean): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-bench-'));
  const [model, fallback] = family === 'openai' ? ['gpt-4o-mini', 'gpt-4.1'] : ['claude-haiku-4-5', 'claude-sonnet-4-6'];
  const routes = (cell: string): string => ['simple', 'medium', 'complex'].map((t) => `  ${t}:\n${['factual', 'reasoning', 'creative', 'code'].map((k) => `    ${k}: ${cell}`).join('\n')}`).join('\n');
  const cell = `{ model: ${model}, fallbacks: [${fallback}] }`;
  const models = `models:\n  ${model}: { provider: ${family} }\n  ${fallback}: { provider: ${family} }\n`;
  const provider = `providers:\n  ${family}: {}\n`;
  writeFileSync(join(dir, 'control.yaml'), `${provider}${models}routes:\n${routes(cell)}\n`);
  writeFileSync(join(dir, 'treatment.yaml'), `${provider}${models}routes:\n${routes(`{ model: ${fallback}, fallbacks: [${model}] }`)}\n`);
  const config = join(dir, 'mmrouter.yaml');
  writeFileSync(
    config,
    `${policies ? ALL_POLICIES : 'breaker: { enabled: false }\n'}
providers:
  ${family}: { base_url: ${family === 'openai' ? `${upstream}/v1` : upstream} }
classifier: { strategy: rules }
tracking: { enabled: true, database: ./bench.db }
models:
  ${model}: { provider: ${family}, pricing: { input: 1, output: 5 } }
  ${fallback}: { provider: ${family}, pricing: { input: 3, output: 15 } }
routes:
${routes(cell)}
`,
  );
  return { dir, config };
}

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

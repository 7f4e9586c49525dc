import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src-main/core/config/load';
import { runQualityEval } from '../src-main/core/eval/quality';
import { createRouter } from '../src-main/core/router/create';
import { openTracker } from '../src-main/core/tracker';
import { runCli, tempHome, writeFile } from './support/cli';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';

function yaml(mock: MockUpstream, db: string): string {
  const tier = (m: string) => ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: ${m}`).join('\n');
  return `
providers:
  openai: { base_url: ${mock.openaiBaseUrl} }
  anthropic: { base_url: ${mock.anthropicBaseUrl} }
provider: { max_retries: 0 }
models:
  gpt-4o-mini: { provider: openai, pricing: { input: 0.15, output: 0.6 } }
  gpt-4.1: { provider: openai, pricing: { input: 2, output: 8 } }
  claude-sonnet-4-6: { provider: anthropic, pricing: { input: 3, output: 15 } }
routes:
  simple:
${tier('gpt-4o-mini')}
  medium:
${tier('gpt-4o-mini')}
  complex:
${tier('claude-sonnet-4-6')}
baseline_model: gpt-4.1
tracking: { database: ${db}, store_prompts: true, flush_interval_ms: 20 }
`;
}

describe('quality (LLM-as-judge)', () => {
  let mock: MockUpstream;
  let home: string;
  let configPath: string;
  const env = { OPENAI_API_KEY: 'k1', ANTHROPIC_API_KEY: 'k2' };

  beforeAll(async () => {
    mock = await startMockUpstream();
    home = tempHome();
    configPath = writeFile(home, 'mmrouter.yaml', yaml(mock, join(home, 'q.db')));
    const router = await createRouter(parseConfig(yaml(mock, join(home, 'q.db')), configPath, env), { source: 'test', env });
    for (const q of ['What is the capital of France?', 'Name three primary colors.']) {
      await router.route({ model: 'auto', chat: { messages: [{ role: 'user', content: q }] }, source: 'test' });
    }
    await router.close();
  });
  afterAll(() => mock.close());

  it('scores routed answers against the baseline, whichever order the judge saw them in', async () => {
    mock.reset();
    const verdict = JSON.stringify({ a: { relevance: 9, accuracy: 8, completeness: 7 }, b: { relevance: 5, accuracy: 4, completeness: 3 } });
    mock.enqueue({ kind: 'reply', reply: { text: verdict } }, { model: 'claude-sonnet-4-6' });
    mock.enqueue({ kind: 'reply', reply: { text: 'I think both are fine.' } }, { model: 'claude-sonnet-4-6' });
    const loaded = parseConfig(yaml(mock, join(home, 'q.db')), configPath, env);
    const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: 20 });
    const router = await createRouter(loaded, { source: 'quality', env });
    try {
      const report = await runQualityEval({ router, log: tracker.log, store: tracker.quality, sample: 2, baselineModel: 'gpt-4.1', judgeModel: 'claude-sonnet-4-6' });
      expect(report.judged).toBe(1);
      expect(report.skipped).toHaveLength(1);
      expect(report.skipped[0]?.reason).toMatch(/not the expected JSON/);

      // Which answer the judge saw first is in the judge request the mock recorded.
      const judgeCall = mock.requests.find((r) => r.model === 'claude-sonnet-4-6');
      const judgePrompt = JSON.stringify(judgeCall?.body);
      const baselineFirst = /Answer A:\\nMock answer from gpt-4.1/.test(judgePrompt);
      const [routed, baseline] = baselineFirst ? [[5, 4, 3], [9, 8, 7]] : [[9, 8, 7], [5, 4, 3]];
      expect([report.routed.relevance, report.routed.accuracy, report.routed.completeness]).toEqual(routed);
      expect([report.baseline.relevance, report.baseline.accuracy, report.baseline.completeness]).toEqual(baseline);
      expect(report.delta.relevance).toBe((routed[0] ?? 0) - (baseline[0] ?? 0));
      expect(report.costUsd).toBeGreaterThan(0);
      expect(tracker.quality.recent(10)).toHaveLength(1);
    } finally {
      await router.close();
      await tracker.close();
    }
  });

  it('explains what to do when no prompts were stored', async () => {
    const empty = tempHome();
    const cfg = writeFile(empty, 'c.yaml', yaml(mock, join(empty, 'empty.db')));
    const res = await runCli(['-c', cfg, 'quality', '--sample', '3'], { env: { HOME: empty, ...env } });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/set tracking\.store_prompts: true/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { compareVariants, type Metric } from '../src-main/core/policies/experiments/stats';
import { variantOf } from '../src-main/core/policies/experiments/runner';
import type { ExperimentDefinition, VariantSamples } from '../src-main/core/tracker/ports';
import { runCli } from './support/cli';
import { post } from './support/server-harness';
import { BIG, MINI, PRICES, routes, startPolicyProxy, type PolicyProxy } from './support/policy-harness';
import { seededRandom } from '../src-main/core/seeded-random';

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const DEF: ExperimentDefinition = { name: 'sim', control: { path: 'a', config: '' }, treatment: { path: 'b', config: '' }, split: 0.5, createdAt: 0 };

interface Truth {
  cost: number;
  latencyMedian: number;
  errorRate: number;
}

/** One simulated variant: normal costs, log-normal latencies (median known), Bernoulli errors. */
function simulate(random: () => number, variant: 'control' | 'treatment', n: number, t: Truth): VariantSamples {
  let costSum = 0;
  let costSq = 0;
  let errors = 0;
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = t.cost + 0.0005 * normal(random);
    costSum += c;
    costSq += c * c;
    if (random() < t.errorRate) errors += 1;
    else latencies.push(t.latencyMedian * Math.exp(0.4 * normal(random)));
  }
  latencies.sort((a, b) => a - b);
  return { variant, requests: n, errors, costSumUsd: costSum, costSumSqUsd: costSq, latenciesMs: latencies, up: 0, down: 0 };
}

/** Over many simulated experiments: how often each interval covered the true difference, and how often it was called significant. */
function runSimulations(control: Truth, treatment: Truth, n: number, runs: number, seed: number) {
  const random = seededRandom(seed);
  const truth: Partial<Record<Metric, number>> = { cost_per_request: treatment.cost - control.cost, latency_p50: treatment.latencyMedian - control.latencyMedian, error_rate: treatment.errorRate - control.errorRate };
  const covered: Partial<Record<Metric, number>> = {};
  const significant: Partial<Record<Metric, number>> = {};
  for (let r = 0; r < runs; r++) {
    const report = compareVariants(DEF, [simulate(random, 'control', n, control), simulate(random, 'treatment', n, treatment)]);
    for (const c of report.comparisons) {
      const t = truth[c.metric];
      if (t === undefined) continue;
      if (c.difference.low <= t && t <= c.difference.high) covered[c.metric] = (covered[c.metric] ?? 0) + 1;
      if (c.significant) significant[c.metric] = (significant[c.metric] ?? 0) + 1;
    }
  }
  const share = (m: Partial<Record<Metric, number>>, k: Metric) => (m[k] ?? 0) / runs;
  return { covered: (k: Metric) => share(covered, k), significant: (k: Metric) => share(significant, k) };
}

describe('experiment statistics against simulated variants with a known difference', () => {
  const control: Truth = { cost: 0.004, latencyMedian: 800, errorRate: 0.05 };

  it('gives 95% intervals that cover the true difference about 95% of the time, and call a real difference significant', () => {
    const sim = runSimulations(control, { cost: 0.0042, latencyMedian: 880, errorRate: 0.1 }, 600, 300, 7);
    for (const m of ['cost_per_request', 'latency_p50', 'error_rate'] as const) {
      expect(sim.covered(m)).toBeGreaterThan(0.9);
      expect(sim.covered(m)).toBeLessThan(0.995);
      expect(sim.significant(m)).toBeGreaterThan(0.8);
    }
  });

  it('calls no difference significant much more than 5% of the time when there is none', () => {
    const sim = runSimulations(control, control, 600, 300, 11);
    for (const m of ['cost_per_request', 'latency_p50', 'error_rate'] as const) expect(sim.significant(m)).toBeLessThan(0.1);
  });

  it('says how many more requests would show a real difference, and that many do, most of the time', () => {
    const treatment: Truth = { cost: 0.0041, latencyMedian: 800, errorRate: 0.05 };
    const random = seededRandom(5);
    let detected = 0;
    let asked = 0;
    for (let r = 0; r < 100; r++) {
      const first = compareVariants(DEF, [simulate(random, 'control', 100, control), simulate(random, 'treatment', 100, treatment)]);
      const cost = first.comparisons.find((c) => c.metric === 'cost_per_request')!;
      // A tiny observed difference asks for a huge experiment; those are not run here.
      if (cost.significant || cost.moreRequestsNeeded === undefined || cost.moreRequestsNeeded > 20_000) continue;
      asked += 1;
      // Run the experiment to the suggested size with fresh data: the sample size formula targets 80% power.
      const each = Math.ceil((200 + cost.moreRequestsNeeded) / 2);
      const later = compareVariants(DEF, [simulate(random, 'control', each, control), simulate(random, 'treatment', each, treatment)]);
      if (later.comparisons.find((c) => c.metric === 'cost_per_request')!.significant) detected += 1;
    }
    expect(asked).toBeGreaterThan(50);
    expect(detected / asked).toBeGreaterThan(0.6);
  });

  it('assigns a prompt to the same variant every time, in proportion to the split', () => {
    expect(variantOf('e', 0.5, 'hello')).toBe(variantOf('e', 0.5, 'hello'));
    const treated = Array.from({ length: 4000 }, (_, i) => variantOf('e', 0.3, `prompt ${i}`)).filter((v) => v === 'treatment').length;
    expect(treated / 4000).toBeGreaterThan(0.27);
    expect(treated / 4000).toBeLessThan(0.33);
    expect(variantOf('e', 0, 'x')).toBe('control');
    expect(variantOf('e', 1, 'x')).toBe('treatment');
  });
});

/** A whole routing config sending every prompt to one model. */
function variant(model: string): string {
  const models = Object.entries(PRICES)
    .map(([name]) => `  ${name}: { provider: ${name.startsWith('claude') ? 'anthropic' : 'openai'} }`)
    .join('\n');
  return `providers:\n  anthropic: {}\n  openai: {}\nmodels:\n${models}\n${routes({ simple: [model], medium: [model], complex: [model] })}`;
}

function cost(model: string, input: number, output: number): number {
  const p = PRICES[model]!;
  return (input * p.input + output * p.output) / 1e6;
}

describe('an experiment end to end: CLI, proxy and SDK', () => {
  let p: PolicyProxy;
  afterEach(() => p.close());
  const env = (dir: string) => ({ HOME: dir });

  it('splits prompts between the variants, routes each by its config, and reports the cost difference as significant', async () => {
    p = await startPolicyProxy('', {
      files: { 'control.yaml': variant(BIG), 'treatment.yaml': variant(MINI) },
      before: async (config, dir) => {
        const res = await runCli(['-c', config, 'experiment', 'create', '--name', 'cheaper', '--control', `${dir}/control.yaml`, '--treatment', `${dir}/treatment.yaml`, '--split', '0.5'], { env: env(dir) });
        expect(res).toMatchObject({ code: 0, stdout: expect.stringMatching(/Started experiment cheaper: 50\.0% control/) });
      },
    });
    p.mock.enqueue({ kind: 'reply', reply: { text: 'An answer.', usage: { input: 100, output: 100 } } }, { times: 1000 });
    const seen = new Map<string, string>();
    for (let i = 0; i < 120; i++) {
      const content = `What is the capital of country number ${i}?`;
      const { response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content }] }).withResponse();
      const model = response.headers.get('x-mmrouter-model')!;
      const policies = response.headers.get('x-mmrouter-policies')!;
      expect(policies).toMatch(/^experiment=cheaper:(control|treatment)$/);
      expect(model).toBe(policies.endsWith('treatment') ? MINI : BIG);
      seen.set(content, model);
      if (i % 10 === 0) await post(`${p.server.url}/v1/feedback`, { request_id: response.headers.get('x-mmrouter-request-id'), rating: model === MINI ? 'up' : 'down' });
    }
    // The same prompt again: the same variant.
    const again = 'What is the capital of country number 7?';
    const { response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: again }] }).withResponse();
    expect(response.headers.get('x-mmrouter-model')).toBe(seen.get(again));
    await new Promise((r) => setTimeout(r, 100));

    const status = await runCli(['-c', p.configPath, '--json', 'experiment', 'status', 'cheaper'], { env: env(p.dir) });
    expect(status.code).toBe(0);
    const [report] = JSON.parse(status.stdout) as ReturnType<typeof compareVariants>[];
    const [c, t] = report!.variants;
    expect(c.requests + t.requests).toBe(121);
    expect(t.requests / 121).toBeGreaterThan(0.3);
    expect(t.requests / 121).toBeLessThan(0.7);
    expect(c.costPerRequestUsd.estimate).toBeCloseTo(cost(BIG, 100, 100), 12);
    expect(t.costPerRequestUsd.estimate).toBeCloseTo(cost(MINI, 100, 100), 12);
    const costDiff = report!.comparisons.find((x) => x.metric === 'cost_per_request')!;
    expect(costDiff.difference.estimate).toBeCloseTo(cost(MINI, 100, 100) - cost(BIG, 100, 100), 12);
    expect(costDiff.significant).toBe(true);
    expect(report!.comparisons.find((x) => x.metric === 'error_rate')).toMatchObject({ significant: false, difference: { estimate: 0 } });
    expect(t.thumbsUpRate).toMatchObject({ estimate: 1 });
    expect(c.thumbsUpRate).toMatchObject({ estimate: 0 });

    const text = await runCli(['-c', p.configPath, 'experiment', 'status'], { env: env(p.dir) });
    expect(text.stdout).toMatch(/Experiment cheaper \(running, 50\.0% to treatment\)/);
    expect(text.stdout).toMatch(/cost\/request +-\$0\.000925 .* significant/);

    expect((await runCli(['-c', p.configPath, 'experiment', 'stop', 'cheaper'], { env: env(p.dir) })).code).toBe(0);
    const stopped = await runCli(['-c', p.configPath, 'experiment', 'stop', 'cheaper'], { env: env(p.dir) });
    expect(stopped).toMatchObject({ code: 2, stderr: "mmrouter: experiment 'cheaper' was already stopped\n" });
  });

  it('refuses bad experiments with one line and exit 2, and records nothing', async () => {
    p = await startPolicyProxy('', { files: { 'control.yaml': variant(BIG), 'treatment.yaml': variant(MINI), 'unknown.yaml': variant('gpt-5-nano').replace('models:\n', 'models:\n  gpt-5-nano: { provider: openai }\n'), 'broken.yaml': 'routes: [' } });
    const d = p.dir;
    const create = (...args: string[]) => runCli(['-c', p.configPath, 'experiment', 'create', '--name', 'x', ...args], { env: env(d) });
    const cases: [string[], RegExp][] = [
      [['--control', `${d}/control.yaml`, '--treatment', `${d}/treatment.yaml`, '--split', '1.5'], /--split must be a share from 0 to 1/],
      [['--control', `${d}/control.yaml`, '--treatment', `${d}/treatment.yaml`, '--split', 'half'], /--split must be a share from 0 to 1/],
      [['--control', `${d}/missing.yaml`, '--treatment', `${d}/treatment.yaml`], /missing\.yaml: the control config does not exist/],
      [['--control', `${d}/control.yaml`, '--treatment', `${d}/broken.yaml`], /broken\.yaml:1:\d+: invalid YAML/],
      [['--control', `${d}/control.yaml`, '--treatment', `${d}/unknown.yaml`], /unknown\.yaml: routes to model 'gpt-5-nano', which the serving config does not define/],
    ];
    for (const [args, message] of cases) {
      const res = await create(...args);
      expect(res.code).toBe(2);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(message);
    }
    const status = await runCli(['-c', p.configPath, '--json', 'experiment', 'status'], { env: env(d) });
    expect(JSON.parse(status.stdout)).toEqual([]);
  });
});

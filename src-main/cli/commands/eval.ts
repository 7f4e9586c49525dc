import type { Command } from 'commander';
import { CLASSIFIER_STRATEGIES } from '../../../src-shared/config-schema';
import type { LoadedConfig } from '../../core/config/load';
import { formatComparison, formatEvalReport } from '../../core/eval/evaluate';
import { evaluateStrategy, type Strategy, type StrategyEval } from '../../core/eval/evaluate-strategy';
import { globals, loadCliConfig, printJson } from '../context';
import { CliError } from '../exit';
import { usd } from '../format';
import { progress } from '../progress';
import { parseStrategy } from './classify';

interface EvalOptions {
  classifier?: Strategy;
  data?: string;
  trainedModel?: string;
  evalSplit: number;
  seed: number;
  showErrors: number;
}

export function registerEval(program: Command): void {
  withEvalOptions(
    program.command('eval').description('Measure a classifier against labeled prompts').option('--classifier <strategy>', `${CLASSIFIER_STRATEGIES.join(' | ')} (default: the config's)`, parseStrategy),
  ).action(async (opts: EvalOptions, cmd: Command) => {
    const loaded = loadCliConfig(cmd);
    const run = await evaluate(loaded, opts.classifier ?? loaded.config.classifier.strategy, opts, false);
    if (globals(cmd).json) return printJson(run);
    process.stdout.write(`${formatEvalReport(run.report, { misclassified: opts.showErrors })}\n${run.note}${run.costUsd ? `\nClassifier cost: ${usd(run.costUsd)}` : ''}\n`);
  });

  withEvalOptions(
    program
      .command('compare')
      .description('Evaluate every classifier on the same prompts, side by side')
      .option('--classifiers <list>', 'comma-separated strategies', (v) => v.split(',').map((s) => parseStrategy(s.trim())), ['rules', 'embeddings'] as Strategy[]),
  ).action(async (opts: EvalOptions & { classifiers: Strategy[] }, cmd: Command) => {
    const loaded = loadCliConfig(cmd);
    const runs: StrategyEval[] = [];
    for (const strategy of opts.classifiers) runs.push(await evaluate(loaded, strategy, opts, true));
    if (globals(cmd).json) return printJson(runs);
    const costs = runs.filter((r) => r.costUsd > 0).map((r) => `${r.name} cost ${usd(r.costUsd)}`);
    process.stdout.write(`${formatComparison(runs)}\n\n${runs.map((r) => `${r.name}: ${r.note}`).join('\n')}${costs.length ? `\n${costs.join(', ')}` : ''}\n`);
  });
}

function withEvalOptions(cmd: Command): Command {
  return cmd
    .option('--data <file>', 'labeled prompts: YAML, JSONL or CSV with prompt, complexity, category (default: eval_data/prompts.yaml)')
    .option('--trained-model <dir>', 'evaluate this trained embedding model as is')
    .option('--eval-split <fraction>', 'share held out when the embedding head must be trained on the same data', parseFraction, 0.2)
    .option('--seed <n>', 'seed for the held-out split', (v) => parseInt(v, 10), 42)
    .option('--show-errors <n>', 'list up to n misclassified prompts', (v) => parseInt(v, 10), 0);
}

async function evaluate(loaded: LoadedConfig, strategy: Strategy, opts: EvalOptions, comparing: boolean): Promise<StrategyEval> {
  const bar = progress(strategy);
  try {
    return await evaluateStrategy(loaded, strategy, {
      evalSplit: opts.evalSplit,
      seed: opts.seed,
      comparing,
      ...(opts.data ? { data: opts.data } : {}),
      ...(opts.trainedModel ? { trainedModel: opts.trainedModel } : {}),
      onProgress: (phase, done, total) => bar.update(done, total, phase),
    });
  } finally {
    bar.done();
  }
}

function parseFraction(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new CliError(`--eval-split must be a fraction between 0 and 1, got '${v}'`);
  return n;
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CLASSIFIER_STRATEGIES } from '../../../src-shared/config-schema';
import type { LoadedConfig } from '../../core/config/load';
import { evaluateBySource, formatBySource, type BySourceStrategy } from '../../core/eval/by-source';
import { loadLabeledPrompts } from '../../core/eval/dataset';
import { formatWrapperStability, wrapperStability } from '../../core/eval/wrapper-stability';
import { RulesClassifier } from '../../core/classifier/rules';
import { formatComparison, formatEvalReport } from '../../core/eval/evaluate';
import { packageRoot } from '../../core/package-root';
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
      .option('--classifiers <list>', 'comma-separated strategies', (v) => v.split(',').map((s) => parseStrategy(s.trim())), ['rules', 'embeddings'] as Strategy[])
      .option('--by-source', `leave-one-source-out: train the embedding head on every source of --data but one, score on that one (default data: ${CORPUS_FILE})`),
  ).action(async (opts: EvalOptions & { classifiers: Strategy[]; bySource?: boolean }, cmd: Command) => {
    if (opts.bySource) return compareBySource(opts, globals(cmd).json);
    const loaded = loadCliConfig(cmd);
    const runs: StrategyEval[] = [];
    for (const strategy of opts.classifiers) runs.push(await evaluate(loaded, strategy, opts, true));
    if (globals(cmd).json) return printJson(runs);
    const costs = runs.filter((r) => r.costUsd > 0).map((r) => `${r.name} cost ${usd(r.costUsd)}`);
    process.stdout.write(`${formatComparison(runs)}\n\n${runs.map((r) => `${r.name}: ${r.note}`).join('\n')}${costs.length ? `\n${costs.join(', ')}` : ''}\n`);
  });
}

/** Written by scripts/corpus/build-corpus.ts from fetched public datasets; not in the repository. */
const CORPUS_FILE = 'eval_data/corpus/corpus.jsonl';

async function compareBySource(opts: EvalOptions & { classifiers: Strategy[] }, json: boolean | undefined): Promise<void> {
  const file = opts.data ?? join(packageRoot(), CORPUS_FILE);
  if (!opts.data && !existsSync(file)) throw new CliError(`${CORPUS_FILE} not found: build it with \`npx tsx scripts/corpus/build-corpus.ts\` (reads fetched dataset snapshots, see eval_data/corpus/SOURCES.md) or pass --data <file> with a source column`);
  const strategies = opts.classifiers.filter((s): s is BySourceStrategy => s === 'rules' || s === 'embeddings');
  if (strategies.length === 0) throw new CliError('--by-source compares rules and embeddings; the llm classifier would cost a call per prompt');
  const bar = progress('by source');
  const rows = loadLabeledPrompts(file);
  let results;
  try {
    results = await evaluateBySource(rows, { strategies, seed: opts.seed, onProgress: (phase, done, total) => bar.update(done, total, phase) });
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(err.message);
    throw err;
  } finally {
    bar.done();
  }
  // The rules alone: the embedding head's labels follow theirs, and they read each wrapped prompt in microseconds.
  const rules = new RulesClassifier();
  const wrapped = wrapperStability(rows, (p) => rules.classifySync(p));
  if (json) {
    const bySource = results.map(({ strategy, pooled, cellBalanced, cells, calibrationError, separation, sources }) => ({ strategy, pooled, cellBalanced, cells, calibrationError, separation, sources: sources.map(({ source, report }) => ({ source, n: report.n, overall: report.accuracy, complexity: report.complexity.accuracy, category: report.category.accuracy })) }));
    return printJson({ bySource, wrappers: { strategy: 'rules', results: wrapped } });
  }
  process.stdout.write(
    `Leave-one-source-out on ${file}: the embedding head is trained on every other source, the rules learn nothing.\n\n${formatBySource(results)}\n\n` +
      `Labels of every prompt wrapped as harnesses and system prompts send them (a wrapper changes nothing asked, so it should change no label):\n${formatWrapperStability('rules', wrapped)}\n`,
  );
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

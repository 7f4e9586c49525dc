import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CLASSIFIER_STRATEGIES } from '../../../src-shared/config-schema';
import type { LoadedConfig } from '../../core/config/load';
import { trainClassifier } from '../../core/classifier/embeddings';
import { loadLabeledPrompts, splitDataset, type LabeledPrompt } from '../../core/eval/dataset';
import { evaluateClassifier, formatComparison, formatEvalReport, type EvalReport } from '../../core/eval/evaluate';
import { createRouter } from '../../core/router/create';
import { globals, loadCliConfig, printJson } from '../context';
import { CliError } from '../exit';
import { usd } from '../format';
import { packageRoot } from '../paths';
import { progress } from '../progress';
import { parseStrategy } from './classify';

type Strategy = (typeof CLASSIFIER_STRATEGIES)[number];

interface EvalOptions {
  classifier?: Strategy;
  data?: string;
  trainedModel?: string;
  evalSplit: number;
  seed: number;
  showErrors: number;
}

interface EvalRun {
  name: string;
  report: EvalReport;
  /** How the rows relate to the classifier's training data, for the reader. */
  note: string;
  /** USD spent on classifier calls (LLM only). */
  costUsd: number;
}

export function registerEval(program: Command): void {
  withEvalOptions(
    program.command('eval').description('Measure a classifier against labeled prompts').option('--classifier <strategy>', `${CLASSIFIER_STRATEGIES.join(' | ')} (default: the config's)`, parseStrategy),
  ).action(async (opts: EvalOptions, cmd: Command) => {
    const loaded = loadCliConfig(cmd);
    const run = await evaluate(loaded, opts.classifier ?? loaded.config.classifier.strategy, opts, false);
    if (globals(cmd).json) return printJson({ ...run, report: run.report });
    process.stdout.write(`${formatEvalReport(run.report, { misclassified: opts.showErrors })}\n${run.note}${run.costUsd ? `\nClassifier cost: ${usd(run.costUsd)}` : ''}\n`);
  });

  withEvalOptions(
    program
      .command('compare')
      .description('Evaluate every classifier on the same prompts, side by side')
      .option('--classifiers <list>', 'comma-separated strategies', (v) => v.split(',').map((s) => parseStrategy(s.trim())), ['rules', 'embeddings'] as Strategy[]),
  ).action(async (opts: EvalOptions & { classifiers: Strategy[] }, cmd: Command) => {
    const loaded = loadCliConfig(cmd);
    const runs: EvalRun[] = [];
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

/**
 * The shipped embedding head was trained on eval_data, so scoring it there would flatter it: on
 * that data it is scored on a held-out split with a head trained on the rest, and `compare`
 * scores every classifier on that same split.
 */
async function evaluate(loaded: LoadedConfig, strategy: Strategy, opts: EvalOptions, comparing: boolean): Promise<EvalRun> {
  const shippedData = join(packageRoot(), 'eval_data', 'prompts.yaml');
  const dataFile = resolve(opts.data ?? shippedData);
  const all = loadLabeledPrompts(dataFile);
  // Classifiers that learn nothing from the file are scored on all of it, except side by side.
  const heldOut = dataFile === shippedData && !opts.trainedModel && (comparing || strategy === 'embeddings');
  const { train, eval: rows } = heldOut ? splitDataset(all, opts.evalSplit, opts.seed) : { train: [], eval: all };
  const note = heldOut ? `held-out ${rows.length} of ${all.length} prompts (eval split ${opts.evalSplit}, seed ${opts.seed})` : `${rows.length} prompts from ${dataFile}`;

  if (strategy === 'embeddings' && heldOut) {
    // Same rows, split and seed as below, so the held-out prompts are the ones the others see.
    // The shipped head also learns from train_extra.yaml, which is never part of the eval split.
    const extra = loadLabeledPrompts(join(packageRoot(), 'eval_data', 'train_extra.yaml'));
    const bar = progress('embeddings: training on the rest');
    const result = await trainClassifier({ rows: all, extraTrainRows: extra, evalFraction: opts.evalSplit, seed: opts.seed, onProgress: (phase, done, total) => bar.update(done, total, phase) });
    bar.done();
    if (!result.evalReport) throw new CliError('the eval split left no prompts to evaluate; raise --eval-split');
    return { name: 'embeddings', report: result.evalReport, note: `${note}, head trained on the other ${train.length} + ${extra.length} from train_extra.yaml`, costUsd: 0 };
  }

  let costUsd = 0;
  loaded.config.tracking.enabled = strategy === 'llm';
  const router = await createRouter(loaded, {
    source: 'eval',
    classifier: { strategy, ...(opts.trainedModel ? { trainedModel: opts.trainedModel } : {}) },
    onRecord: (r) => (costUsd += r.costUsd),
  });
  try {
    const classifier = { strategy, classify: (p: string, s?: AbortSignal) => router.classify(p, s) };
    return { ...(await run(strategy, classifier, rows, note)), costUsd };
  } finally {
    await router.close();
  }
}

async function run(name: string, classifier: Parameters<typeof evaluateClassifier>[0], rows: LabeledPrompt[], note: string): Promise<EvalRun> {
  const bar = progress(`${name}: evaluating`);
  const report = await evaluateClassifier(classifier, rows, { onProgress: (d, t) => bar.update(d, t) });
  bar.done();
  return { name, report, note, costUsd: 0 };
}

function parseFraction(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new CliError(`--eval-split must be a fraction between 0 and 1, got '${v}'`);
  return n;
}

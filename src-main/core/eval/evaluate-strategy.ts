import { join, resolve } from 'node:path';
import type { CLASSIFIER_STRATEGIES } from '../../../src-shared/config-schema';
import { trainClassifier } from '../classifier/embeddings';
import type { LoadedConfig } from '../config/load';
import { packageRoot } from '../package-root';
import { createRouter } from '../router/create';
import { loadLabeledPrompts, splitDataset } from './dataset';
import { evaluateClassifier, type EvalReport } from './evaluate';

export type Strategy = (typeof CLASSIFIER_STRATEGIES)[number];

export interface StrategyEvalOptions {
  /** Labeled prompts; default: the shipped eval_data/prompts.yaml. */
  data?: string;
  /** Evaluate this trained embedding model as it is. */
  trainedModel?: string;
  evalSplit: number;
  seed: number;
  /** Side by side with other strategies: every one is scored on the same rows. */
  comparing: boolean;
  onProgress?(phase: string, done: number, total: number): void;
  signal?: AbortSignal;
}

export interface StrategyEval {
  name: Strategy;
  report: EvalReport;
  /** How the rows relate to the classifier's training data, for the reader. */
  note: string;
  /** USD spent on classifier calls (LLM only). */
  costUsd: number;
}

/**
 * Scores one classifier strategy. The shipped embedding head was trained on eval_data, so scoring
 * it there would flatter it: on that data it is scored on a held-out split with a head trained on
 * the rest (plus train_extra.yaml, never evaluated on), and side by side every strategy is scored
 * on that same split. Classifiers that learn nothing from the file are otherwise scored on all of it.
 */
export async function evaluateStrategy(loaded: LoadedConfig, strategy: Strategy, opts: StrategyEvalOptions): Promise<StrategyEval> {
  const shippedData = join(packageRoot(), 'eval_data', 'prompts.yaml');
  const dataFile = resolve(opts.data ?? shippedData);
  const all = loadLabeledPrompts(dataFile);
  const heldOut = dataFile === shippedData && !opts.trainedModel && (opts.comparing || strategy === 'embeddings');
  const { train, eval: rows } = heldOut ? splitDataset(all, opts.evalSplit, opts.seed) : { train: [], eval: all };
  if (rows.length === 0) throw new RangeError('the eval split left no prompts to evaluate; raise the eval split');
  const note = heldOut ? `held-out ${rows.length} of ${all.length} prompts (eval split ${opts.evalSplit}, seed ${opts.seed})` : `${rows.length} prompts from ${dataFile}`;
  const progress = (phase: string) => (done: number, total: number) => opts.onProgress?.(phase, done, total);

  if (strategy === 'embeddings' && heldOut) {
    const extra = loadLabeledPrompts(join(packageRoot(), 'eval_data', 'train_extra.yaml'));
    // trainClassifier splits `all` with the same fraction and seed, so it holds out exactly `rows`.
    const result = await trainClassifier({ rows: all, extraTrainRows: extra, evalFraction: opts.evalSplit, seed: opts.seed, onProgress: (phase, done, total) => opts.onProgress?.(phase, done, total), ...(opts.signal ? { signal: opts.signal } : {}) });
    if (!result.evalReport) throw new RangeError('the eval split left no prompts to evaluate; raise the eval split');
    return { name: strategy, report: result.evalReport, note: `${note}, head trained on the other ${train.length} + ${extra.length} from train_extra.yaml`, costUsd: 0 };
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
    const report = await evaluateClassifier(classifier, rows, { onProgress: progress('evaluate'), ...(opts.signal ? { signal: opts.signal } : {}) });
    return { name: strategy, report, note, costUsd };
  } finally {
    await router.close();
  }
}

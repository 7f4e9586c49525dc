/**
 * Figures for the embedding classifier, with the rules classifier measured in the same run as the
 * baseline: load time, per-prompt latency (single calls and batched), held-out accuracy and the
 * calibration of its confidence, and the size of the shipped artefact. Generalisation to prompts
 * from sources never trained on is measured by `mmrouter compare --by-source`.
 *
 *   npx tsx bench/embeddings.bench.ts [--seed 42] [--eval-fraction 0.2]
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEmbeddingClassifier, shippedModelsDir, trainClassifier } from '../src-main/core/classifier/embeddings';
import { RulesClassifier } from '../src-main/core/classifier/rules';
import type { Classifier } from '../src-main/core/classifier/types';
import { loadLabeledPrompts, splitDataset } from '../src-main/core/eval/dataset';
import { evaluateClassifier, formatMicros, type EvalReport } from '../src-main/core/eval/evaluate';

const BATCH = 32;
const ROUNDS = 3;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ms = (x: number): string => `${x.toFixed(0)} ms`;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, entry) => {
    const p = path.join(dir, entry);
    return sum + (statSync(p).isDirectory() ? folderBytes(p) : statSync(p).size);
  }, 0);
}

/** Sorted per-call wall times in microseconds over every prompt, ROUNDS times. */
async function perCall(classifier: Classifier, prompts: string[]): Promise<number[]> {
  for (const p of prompts.slice(0, 50)) await classifier.classify(p);
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of prompts) {
      const start = process.hrtime.bigint();
      await classifier.classify(p);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return samples.sort((a, b) => a - b);
}

function accuracyLine(name: string, r: EvalReport): string {
  const { high, low, threshold } = r.confidence;
  return (
    `${name.padEnd(11)} overall ${pct(r.accuracy)}  complexity ${pct(r.complexity.accuracy)}  category ${pct(r.category.accuracy)}  ` +
    `| confidence ≥ ${threshold}: ${pct(high.accuracy)} of ${high.n}, < ${threshold}: ${pct(low.accuracy)} of ${low.n}`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '42' }, 'eval-fraction': { type: 'string', default: '0.2' } } });
  const seed = Number(values.seed);
  const evalFraction = Number(values['eval-fraction']);
  const rows = loadLabeledPrompts('eval_data/prompts.yaml');
  const extra = loadLabeledPrompts('eval_data/train_extra.yaml');
  const prompts = rows.map((r) => r.prompt);

  let t = performance.now();
  await import('@huggingface/transformers');
  const importMs = performance.now() - t;
  t = performance.now();
  const embeddings = await loadEmbeddingClassifier();
  const loadMs = performance.now() - t;
  const rules = new RulesClassifier();

  const ruleTimes = await perCall(rules, prompts);
  const embTimes = await perCall(embeddings, prompts);
  const batchTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < prompts.length; i += BATCH) {
      const batch = prompts.slice(i, i + BATCH);
      const start = process.hrtime.bigint();
      await embeddings.classifyMany(batch);
      batchTimes.push(Number(process.hrtime.bigint() - start) / 1000 / batch.length);
    }
  }
  batchTimes.sort((a, b) => a - b);

  t = performance.now();
  const trained = await trainClassifier({ rows, extraTrainRows: extra, evalFraction, seed });
  const trainMs = performance.now() - t;
  const heldOut = splitDataset(rows, evalFraction, seed).eval;
  const rulesReport = await evaluateClassifier(rules, heldOut);

  const models = shippedModelsDir();
  console.log(`embedding classifier bench — ${rows.length} prompts, held-out ${pct(evalFraction)} split, seed ${seed}`);
  console.log(`load: transformers.js import ${ms(importMs)}, shipped model + head ${ms(loadMs)}`);
  console.log(`artefact: ${(folderBytes(models) / 1e6).toFixed(1)} MB under ${path.relative(process.cwd(), models) || models}`);
  console.log(`training on ${trained.model.metadata.counts.train} prompts: ${ms(trainMs)}`);
  const median = quantile(embTimes, 0.5);
  const ruleMedian = quantile(ruleTimes, 0.5);
  console.log(`latency per prompt (median / p99):`);
  console.log(`  rules                  ${formatMicros(ruleMedian)} / ${formatMicros(quantile(ruleTimes, 0.99))}`);
  console.log(`  embeddings, single     ${formatMicros(median)} / ${formatMicros(quantile(embTimes, 0.99))}  (${(median / ruleMedian).toFixed(0)}× rules)`);
  console.log(`  embeddings, batch ${BATCH}    ${formatMicros(quantile(batchTimes, 0.5))} / ${formatMicros(quantile(batchTimes, 0.99))}`);
  console.log('held-out accuracy (embeddings trained on the rest plus eval_data/train_extra.yaml, same seed):');
  if (trained.evalReport) console.log(`  ${accuracyLine('embeddings', trained.evalReport)}`);
  console.log(`  ${accuracyLine('rules', rulesReport)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

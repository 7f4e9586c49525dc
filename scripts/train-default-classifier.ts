/**
 * Trains the shipped embedding-classifier head on the whole training corpus (public datasets plus
 * eval_data's hand-written sets, built by scripts/corpus/build-corpus.ts) and writes it to
 * models/mmrouter-default-classifier (run after scripts/build-embedding-model.ts):
 *
 *   npx tsx scripts/corpus/build-corpus.ts && npx tsx scripts/train-default-classifier.ts [--seed 42]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SHIPPED_TRAINED_MODEL, saveTrainedModel, shippedModelsDir, trainClassifier } from '../src-main/core/classifier/embeddings';
import { loadLabeledPrompts } from '../src-main/core/eval/dataset';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '42' }, data: { type: 'string', default: 'eval_data/corpus/corpus.jsonl' } } });
  const data = values.data ?? 'eval_data/corpus/corpus.jsonl';
  if (!existsSync(data)) throw new Error(`${data} not found: build it first with \`npx tsx scripts/corpus/build-corpus.ts\``);
  const rows = loadLabeledPrompts(data);
  const result = await trainClassifier({ rows, evalFraction: 0, seed: Number(values.seed) });
  const dir = path.join(shippedModelsDir(), SHIPPED_TRAINED_MODEL);
  await saveTrainedModel(dir, result);
  const { hyperparameters: h } = result.model.metadata;
  console.log(
    `trained on ${rows.length} prompts from ${new Set(rows.map((r) => r.source)).size} sources → ${dir} (l2 ${h.complexity.l2}/${h.category.l2}, temperature ${h.complexity.temperature.toFixed(2)}/${h.category.temperature.toFixed(2)})`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

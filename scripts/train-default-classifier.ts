/**
 * Trains the shipped embedding-classifier head on ALL of eval_data/prompts.yaml plus
 * eval_data/train_extra.yaml and writes it to models/mmrouter-default-classifier (run after
 * scripts/build-embedding-model.ts):
 *
 *   npx tsx scripts/train-default-classifier.ts [--seed 42]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SHIPPED_TRAINED_MODEL, saveTrainedModel, shippedModelsDir, trainClassifier } from '../src-main/core/classifier/embeddings';
import { loadLabeledPrompts } from '../src-main/core/eval/dataset';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      data: { type: 'string', default: 'eval_data/prompts.yaml' },
      extra: { type: 'string', default: 'eval_data/train_extra.yaml' },
    },
  });
  const rows = loadLabeledPrompts(values.data ?? 'eval_data/prompts.yaml');
  const extra = loadLabeledPrompts(values.extra ?? 'eval_data/train_extra.yaml');
  const result = await trainClassifier({ rows, extraTrainRows: extra, evalFraction: 0, seed: Number(values.seed) });
  const dir = path.join(shippedModelsDir(), SHIPPED_TRAINED_MODEL);
  await saveTrainedModel(dir, result);
  const { hyperparameters: h } = result.model.metadata;
  console.log(
    `trained on ${rows.length} + ${extra.length} prompts → ${dir} (l2 ${h.complexity.l2}/${h.category.l2}, temperature ${h.complexity.temperature.toFixed(2)}/${h.category.temperature.toFixed(2)})`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

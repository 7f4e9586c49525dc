/**
 * How well the classifiers generalise beyond the prompts they were tuned on. eval_data/prompts.yaml
 * and eval_data/train_extra.yaml were written by different people in different styles, so training
 * on one and scoring on the other is a fairer preview of real traffic than a split of one file:
 *
 *   npx tsx scripts/cross-dataset-eval.ts [--seed 42] [--eval-fraction 0.2]
 *
 * Prints, for rules and embeddings: the held-out split of prompts.yaml (embeddings head trained on
 * the rest, alone and with train_extra added), and both cross-dataset directions, each with the
 * accuracy of predictions above and below the confidence threshold.
 */
import { parseArgs } from 'node:util';
import { trainClassifier } from '../src-main/core/classifier/embeddings';
import { RulesClassifier } from '../src-main/core/classifier/rules';
import { loadLabeledPrompts, splitDataset, type LabeledPrompt } from '../src-main/core/eval/dataset';
import { evaluateClassifier, type EvalReport } from '../src-main/core/eval/evaluate';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);

function line(setting: string, classifier: string, r: EvalReport): string {
  const { high, low, threshold } = r.confidence;
  return [
    setting.padEnd(44),
    classifier.padEnd(11),
    pct(r.accuracy),
    pct(r.complexity.accuracy),
    pct(r.category.accuracy),
    `  ≥${threshold}: ${pct(high.accuracy)} of ${String(high.n).padStart(3)}`,
    `  <${threshold}: ${pct(low.accuracy)} of ${String(low.n).padStart(3)}`,
  ].join(' ');
}

async function embeddingsOn(train: readonly LabeledPrompt[], test: readonly LabeledPrompt[], seed: number): Promise<EvalReport> {
  // Training rows go in as extra rows and the test rows as the whole "held-out" set.
  const result = await trainClassifier({ rows: test, evalFraction: 1, extraTrainRows: train, seed });
  if (!result.evalReport) throw new Error('nothing to evaluate');
  return result.evalReport;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '42' }, 'eval-fraction': { type: 'string', default: '0.2' } } });
  const seed = Number(values.seed);
  const evalFraction = Number(values['eval-fraction']);
  const original = loadLabeledPrompts('eval_data/prompts.yaml');
  const extra = loadLabeledPrompts('eval_data/train_extra.yaml');
  const rules = new RulesClassifier();
  const { train, eval: heldOut } = splitDataset(original, evalFraction, seed);

  console.log(`${'Setting'.padEnd(44)} ${'Classifier'.padEnd(11)} Overall  Cmplx    Categ   Confidence split`);
  const heldOutNote = `held-out ${heldOut.length} of prompts.yaml`;
  console.log(line(heldOutNote, 'rules', await evaluateClassifier(rules, heldOut)));
  console.log(line(`${heldOutNote}, train rest`, 'embeddings', await embeddingsOn(train, heldOut, seed)));
  console.log(line(`${heldOutNote}, train rest + extra`, 'embeddings', await embeddingsOn([...train, ...extra], heldOut, seed)));
  console.log(line('all train_extra.yaml', 'rules', await evaluateClassifier(rules, extra)));
  console.log(line('train prompts.yaml → test train_extra.yaml', 'embeddings', await embeddingsOn(original, extra, seed)));
  console.log(line('all prompts.yaml', 'rules', await evaluateClassifier(rules, original)));
  console.log(line('train train_extra.yaml → test prompts.yaml', 'embeddings', await embeddingsOn(extra, original, seed)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Time per prompt of the rules classifier over every eval_data prompt, against a trivial pass
 * over the same prompts (lowercasing) measured the same way in the same run, so the ratio
 * survives a slower or busier machine. Run: npx tsx bench/classifier.bench.ts
 */
import { RulesClassifier } from '../src-main/core/classifier/rules';
import { loadLabeledPrompts } from '../src-main/core/eval/dataset';
import { formatMicros } from '../src-main/core/eval/evaluate';

const ROUNDS = 200;
const WARMUP_ROUNDS = 20;

const prompts = loadLabeledPrompts('eval_data/prompts.yaml').map((r) => r.prompt);
const rules = new RulesClassifier();

// Results feed a checksum that is printed, so the engine cannot drop the work as dead code.
let checksum = 0;
const classify = (p: string) => {
  checksum += rules.classifySync(p).confidence;
};
const lowercase = (p: string) => {
  checksum += p.toLowerCase().length;
};

/** Times each call separately; returns sorted per-call durations in microseconds. */
function measure(fn: (prompt: string) => void): number[] {
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const p of prompts) fn(p);
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of prompts) {
      const start = process.hrtime.bigint();
      fn(p);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return samples.sort((a, b) => a - b);
}

const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const baseline = measure(lowercase);
const classifier = measure(classify);
const rows = [
  ['', 'median', 'p99'],
  ['rules classifier', formatMicros(at(classifier, 0.5)), formatMicros(at(classifier, 0.99))],
  ['baseline (toLowerCase)', formatMicros(at(baseline, 0.5)), formatMicros(at(baseline, 0.99))],
  ['ratio', `${(at(classifier, 0.5) / at(baseline, 0.5)).toFixed(1)}x`, `${(at(classifier, 0.99) / at(baseline, 0.99)).toFixed(1)}x`],
];
const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
console.log(`${prompts.length} prompts x ${ROUNDS} rounds (after ${WARMUP_ROUNDS} warm-up rounds), time per prompt:`);
for (const [label, median, p99] of rows) console.log(`${(label ?? '').padEnd(width)}  ${(median ?? '').padStart(9)}  ${(p99 ?? '').padStart(9)}`);
console.log(`(checksum ${checksum.toFixed(0)})`);

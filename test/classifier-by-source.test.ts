import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../src-main/core/classifier/embeddings';
import { RulesClassifier } from '../src-main/core/classifier/rules';
import { evaluateBySource } from '../src-main/core/eval/by-source';
import { loadLabeledPrompts, parseLabeledPrompts, type LabeledPrompt } from '../src-main/core/eval/dataset';
import { evaluateClassifier } from '../src-main/core/eval/evaluate';
import { runCli, tempHome, writeFile } from './support/cli';

/** Our two hand-written sets as two sources, in one corpus-format file (line numbers unique, as in corpus.jsonl). */
function twoSourceCorpus(): string {
  const tag = (file: string, source: string) => loadLabeledPrompts(file).map(({ prompt, complexity, category }) => ({ id: `${source}:${prompt.length}`, source, licence: 'MIT', rule: 'hand-labelled', prompt, complexity, category }));
  return [...tag('eval_data/prompts.yaml', 'eval'), ...tag('eval_data/train_extra.yaml', 'extra')].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

describe('leave-one-source-out evaluation', () => {
  const rows = parseLabeledPrompts(twoSourceCorpus(), 'jsonl');
  const of = (source: string): LabeledPrompt[] => rows.filter((r) => r.source === source);

  it('reads the corpus format: source kept, id/licence/rule accepted', () => {
    expect(of('eval').length).toBeGreaterThan(100);
    expect(of('extra').length).toBeGreaterThan(100);
    expect(of('eval').length + of('extra').length).toBe(rows.length);
  });

  it('scores the embedding head on each source with a head trained only on the others', async () => {
    const [rules, embeddings] = await evaluateBySource(rows, { strategies: ['rules', 'embeddings'], seed: 42 });
    expect(rules?.sources.map((s) => [s.source, s.report.n])).toEqual([
      ['eval', of('eval').length],
      ['extra', of('extra').length],
    ]);
    // The rules learn nothing, so each source scores as the rules do on it alone.
    expect(rules?.sources[0]?.report.accuracy).toBe((await evaluateClassifier(new RulesClassifier(), of('eval'))).accuracy);
    // Held out = trained on the other source only: the same as training on it and evaluating on this one.
    const trainedOnExtra = await trainClassifier({ rows: of('eval'), evalFraction: 1, extraTrainRows: of('extra'), seed: 42 });
    expect(embeddings?.sources[0]?.report.accuracy).toBeCloseTo(trainedOnExtra.evalReport!.accuracy, 10);
    expect(embeddings?.pooled.n).toBe(rows.length);
    const pooled = (embeddings!.sources[0]!.report.correct + embeddings!.sources[1]!.report.correct) / rows.length;
    expect(embeddings?.pooled.overall).toBeCloseTo(pooled, 10);
    expect(embeddings?.cellBalanced.n).toBe(12);
    // Per cell: every prompt once, the balanced figure their mean, and a cell scored as the rules score its prompts.
    expect(rules?.cells.map((c) => c.cell)).toEqual(['simple', 'medium', 'complex'].flatMap((cx) => ['factual', 'reasoning', 'creative', 'code'].map((cat) => `${cx}/${cat}`)));
    expect(rules?.cells.reduce((n, c) => n + c.n, 0)).toBe(rows.length);
    expect(rules?.cellBalanced.overall).toBeCloseTo((rules?.cells.reduce((s, c) => s + c.overall, 0) ?? 0) / 12, 10);
    const complexCode = rows.filter((r) => r.complexity === 'complex' && r.category === 'code');
    expect(rules?.cells.find((c) => c.cell === 'complex/code')?.overall).toBe((await evaluateClassifier(new RulesClassifier(), complexCode)).accuracy);
    // The confidence the router escalates on is checked on the held-out predictions too.
    expect(embeddings?.calibrationError).toBeGreaterThan(0);
    expect(embeddings?.calibrationError).toBeLessThan(0.5);
    // Above and below the escalation threshold, every held-out prompt counted once.
    const { high, low } = embeddings!.separation;
    expect(high.n + low.n).toBe(rows.length);
    expect(high.correct + low.correct).toBe(embeddings!.sources.reduce((n, s) => n + s.report.correct, 0));
  });

  it('refuses rows without a source, and a corpus of one source', async () => {
    await expect(evaluateBySource(loadLabeledPrompts('eval_data/prompts.yaml'), { strategies: ['rules'], seed: 1 })).rejects.toThrow(/no source/);
    await expect(evaluateBySource(of('eval'), { strategies: ['rules'], seed: 1 })).rejects.toThrow(/at least two sources/);
  });

  it('`mmrouter compare --by-source` prints a row per held-out source and the pooled figures', async () => {
    const dir = tempHome();
    const data = writeFile(dir, 'corpus.jsonl', twoSourceCorpus());
    const run = await runCli(['compare', '--by-source', '--classifiers', 'rules', '--data', data], { env: { HOME: dir } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^eval\s+\d+\s+\d+\.\d%/m);
    expect(run.stdout).toMatch(/^extra\s+\d+/m);
    expect(run.stdout).toMatch(/^cell-balanced\s+12 cells/m);
    expect(run.stdout).toMatch(/^complex\/code\s+\d+\s+\d+\.\d%/m);
    expect(run.stdout).toMatch(/^Expected calibration error .*: rules \d+\.\d%$/m);
    expect(run.stdout).toMatch(/^Right on both axes by confidence .*: rules \d+\.\d% of \d+ at ≥ 0\.7, \d+\.\d% of \d+ below$/m);
    // Each wrapper harnesses put around a prompt, with the share of labels it leaves unchanged.
    expect(run.stdout).toMatch(/^Question: \.\.\. Answer:\s+\d+\s+\d+\.\d%\s+\d+\.\d%\s+\d+\.\d%$/m);
    expect(run.stdout).toMatch(/^Windows line endings .*\d+\.\d%$/m);
    const json = await runCli(['compare', '--by-source', '--classifiers', 'rules', '--data', data, '--json'], { env: { HOME: dir } });
    const parsed = JSON.parse(json.stdout) as { bySource: { strategy: string }[]; wrappers: { strategy: string; results: { wrapper: string; unchanged: number }[] } };
    expect(parsed.bySource.map((r) => r.strategy)).toEqual(['rules']);
    expect(parsed.wrappers.results.find((r) => r.wrapper === 'Q: ... A:')?.unchanged).toBeGreaterThan(0.5);
    const missing = await runCli(['compare', '--by-source', '--data', writeFile(dir, 'plain.jsonl', '{"prompt":"hi","complexity":"simple","category":"factual"}\n')], { env: { HOME: dir } });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no source/);
  });
});

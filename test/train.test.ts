import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, COMPLEXITIES } from '../src-shared/labels';
import { loadEmbedder, loadEmbeddingClassifier, saveTrainedModel, trainClassifier, type TrainPhase } from '../src-main/core/classifier/embeddings';
import { DatasetError, loadLabeledPrompts, type LabeledPrompt } from '../src-main/core/eval/dataset';

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'mmrouter-train-'));

/** A small training file: four prompts from every label cell of the shipped data, as JSONL. */
function writeSmallDataset(): string {
  const all = loadLabeledPrompts('eval_data/prompts.yaml');
  const rows = COMPLEXITIES.flatMap((cx) => CATEGORIES.flatMap((cat) => all.filter((r) => r.complexity === cx && r.category === cat).slice(0, 4)));
  const file = path.join(tmp(), 'small.jsonl');
  writeFileSync(file, rows.map(({ prompt, complexity, category }) => JSON.stringify({ prompt, complexity, category })).join('\n') + '\n');
  return file;
}

describe('training the embedding classifier', () => {
  let rows: LabeledPrompt[];

  beforeAll(async () => {
    rows = loadLabeledPrompts(writeSmallDataset());
    await loadEmbedder();
  });

  it('trains on a small file, saves, and the saved model loads back and classifies', async () => {
    const phases = new Set<TrainPhase>();
    const result = await trainClassifier({ rows, evalFraction: 0.25, seed: 7, onProgress: (phase) => phases.add(phase) });
    expect([...phases]).toEqual(['load', 'embed', 'fit', 'evaluate']);
    const { metadata } = result.model;
    expect(metadata.counts).toMatchObject({ train: 36, eval: 12 });
    expect(metadata.counts.perCell.complex?.code).toBe(3);
    expect(metadata.seed).toBe(7);
    expect(metadata.embeddingModel).toMatchObject({ id: 'mmrouter-glove-100d', dimension: 100, sha256: (await loadEmbedder()).fingerprint });
    expect(result.evalReport?.n).toBe(12);
    expect(metadata.evalScores?.overall).toBe(result.evalReport?.accuracy);

    const dir = path.join(tmp(), 'trained');
    await saveTrainedModel(dir, result);
    expect(JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8'))).toEqual(metadata);
    const classifier = await loadEmbeddingClassifier({ trainedModel: dir });
    const train = rows.filter((r) => !result.evalReport?.misclassified.some((m) => m.line === r.line));
    const predictions = await classifier.classifyMany(train.map((r) => r.prompt));
    const categoryRight = predictions.filter((p, i) => p.category === train[i]?.category).length;
    // Regularised on purpose, so not every training prompt is fitted; most must be.
    expect(categoryRight / train.length).toBeGreaterThan(0.8);
    expect(predictions.every((p) => p.strategy === 'embeddings')).toBe(true);
  });

  it('trains on extra rows without ever holding them out', async () => {
    const extra = loadLabeledPrompts('eval_data/train_extra.yaml');
    const extraRows = COMPLEXITIES.flatMap((cx) => CATEGORIES.flatMap((cat) => extra.filter((r) => r.complexity === cx && r.category === cat).slice(0, 2)));
    const plain = await trainClassifier({ rows, evalFraction: 0.25, seed: 7 });
    const widened = await trainClassifier({ rows, extraTrainRows: extraRows, evalFraction: 0.25, seed: 7 });
    expect(widened.model.metadata.counts).toMatchObject({ train: 36 + 24, eval: 12 });
    expect(widened.model.metadata.counts.perCell.simple?.factual).toBe(3 + 2);
    // The held-out prompts are the same ones, so the two evaluations are comparable.
    expect(widened.evalReport?.n).toBe(12);
    expect(widened.evalReport?.misclassified.every((m) => !extraRows.some((r) => r.prompt === m.prompt))).toBe(true);
    expect(widened.model.head).not.toEqual(plain.model.head);
  });

  it('is deterministic for a seed', async () => {
    const a = await trainClassifier({ rows, evalFraction: 0.25, seed: 11 });
    const b = await trainClassifier({ rows, evalFraction: 0.25, seed: 11 });
    const c = await trainClassifier({ rows, evalFraction: 0.25, seed: 12 });
    expect(b.model.head).toEqual(a.model.head);
    expect(b.evalReport?.misclassified).toEqual(a.evalReport?.misclassified);
    expect(c.model.head).not.toEqual(a.model.head);
  });

  it('takes the corpus format (id, source, licence, rule columns), as JSONL and as CSV', async () => {
    const dir = tmp();
    const corpus = rows.map((r, i) => ({ id: `mine:${i}`, source: i % 3 === 0 ? 'support-tickets' : i % 3 === 1 ? 'wiki-questions' : 'code-review', licence: 'CC0-1.0', rule: 'hand-labelled', prompt: r.prompt, complexity: r.complexity, category: r.category }));
    const jsonl = path.join(dir, 'corpus.jsonl');
    writeFileSync(jsonl, corpus.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const csv = path.join(dir, 'corpus.csv');
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    writeFileSync(csv, ['id,source,licence,rule,prompt,complexity,category', ...corpus.map((r) => [r.id, r.source, r.licence, r.rule, r.prompt, r.complexity, r.category].map(quote).join(','))].join('\n') + '\n');
    const fromJsonl = loadLabeledPrompts(jsonl);
    expect(loadLabeledPrompts(csv).map(({ prompt, source }) => ({ prompt, source }))).toEqual(fromJsonl.map(({ prompt, source }) => ({ prompt, source })));
    expect(new Set(fromJsonl.map((r) => r.source))).toEqual(new Set(['support-tickets', 'wiki-questions', 'code-review']));
    // Three sources: the penalty is chosen by holding out one source at a time, and training still works end to end.
    const result = await trainClassifier({ rows: fromJsonl, evalFraction: 0, seed: 3 });
    expect(result.model.metadata.counts.train).toBe(rows.length);
    const out = path.join(dir, 'model');
    await saveTrainedModel(out, result);
    const classifier = await loadEmbeddingClassifier({ trainedModel: out });
    expect((await classifier.classify('Write a haiku about the sea.')).strategy).toBe('embeddings');
  });

  it('surfaces the loader’s line-numbered errors for a bad training file', () => {
    const file = path.join(tmp(), 'bad.yaml');
    writeFileSync(
      file,
      ['- prompt: "What is 2+2?"', '  complexity: simple', '  category: reasoning', '- prompt: "Write a sonnet"', '  complexity: huge', '  category: creative', ''].join('\n'),
    );
    expect(() => loadLabeledPrompts(file)).toThrow(DatasetError);
    expect(() => loadLabeledPrompts(file)).toThrow(/line [45]/);
  });

  it('stops when its AbortSignal is aborted mid-training', async () => {
    const controller = new AbortController();
    const phases: TrainPhase[] = [];
    const run = trainClassifier({
      rows,
      evalFraction: 0,
      seed: 1,
      signal: controller.signal,
      onProgress: (phase, done) => {
        phases.push(phase);
        if (phase === 'fit' && done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(phases.filter((p) => p === 'fit')).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import type { Classification } from '../src-shared/labels';
import type { Classifier } from '../src-main/core/classifier/types';
import type { LabeledPrompt } from '../src-main/core/eval/dataset';
import { evaluateClassifier, expectedCalibrationError, formatComparison, formatEvalReport } from '../src-main/core/eval/evaluate';

/** A classifier whose answers are scripted per prompt, so every number in the report is known. */
class ScriptedClassifier implements Classifier {
  readonly strategy = 'scripted';
  constructor(private readonly answers: Record<string, Omit<Classification, 'strategy'>>) {}
  async classify(prompt: string): Promise<Classification> {
    const answer = this.answers[prompt];
    if (!answer) throw new Error(`no scripted answer for ${prompt}`);
    return { ...answer, strategy: this.strategy };
  }
}

const row = (prompt: string, complexity: LabeledPrompt['complexity'], category: LabeledPrompt['category'], line: number): LabeledPrompt => ({ prompt, complexity, category, line });

// Lengths chosen to land one row in each length bucket (<50, 50-149, 150-399, >=400 characters).
const short = 'What is the capital of Peru?';
const mid = 'Explain how a heat pump moves heat from a cold place to a warm place in winter.';
const long = `Write a story about a lighthouse keeper. ${'It must be moody and quiet. '.repeat(5)}`;
const huge = `Design a distributed cache. ${'Cover consistency, eviction and failure handling. '.repeat(9)}`;

const rows = [row(short, 'simple', 'factual', 1), row(mid, 'medium', 'factual', 4), row(long, 'medium', 'creative', 7), row(huge, 'complex', 'code', 10)];
const classifier = new ScriptedClassifier({
  [short]: { complexity: 'simple', category: 'factual', confidence: 0.9 }, // right
  [mid]: { complexity: 'simple', category: 'factual', confidence: 0.5 }, // complexity wrong
  [long]: { complexity: 'medium', category: 'creative', confidence: 0.8 }, // right
  [huge]: { complexity: 'complex', category: 'reasoning', confidence: 0.6 }, // category wrong
});

describe('evaluateClassifier', () => {
  it('counts accuracy per axis and overall', async () => {
    const report = await evaluateClassifier(classifier, rows);
    expect(report.classifier).toBe('scripted');
    expect(report).toMatchObject({ n: 4, correct: 2, accuracy: 0.5 });
    expect(report.complexity).toMatchObject({ correct: 3, accuracy: 0.75 });
    expect(report.category).toMatchObject({ correct: 3, accuracy: 0.75 });
  });

  it('builds actual × predicted confusion matrices in label order that sum to n', async () => {
    const report = await evaluateClassifier(classifier, rows);
    expect(report.complexity.labels).toEqual(['simple', 'medium', 'complex']);
    expect(report.complexity.confusion).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(report.category.labels).toEqual(['factual', 'reasoning', 'creative', 'code']);
    expect(report.category.confusion).toEqual([
      [2, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
    for (const axis of [report.complexity, report.category]) {
      expect(axis.confusion.flat().reduce((a, b) => a + b, 0)).toBe(report.n);
    }
  });

  it('puts each prompt in its length bucket', async () => {
    expect([short.length < 50, mid.length >= 50 && mid.length < 150, long.length >= 150 && long.length < 400, huge.length >= 400]).toEqual([true, true, true, true]);
    const report = await evaluateClassifier(classifier, rows);
    expect(report.lengthBuckets.map(({ minChars, maxChars, n, correct }) => ({ minChars, maxChars, n, correct }))).toEqual([
      { minChars: 0, maxChars: 50, n: 1, correct: 1 },
      { minChars: 50, maxChars: 150, n: 1, correct: 0 },
      { minChars: 150, maxChars: 400, n: 1, correct: 1 },
      { minChars: 400, maxChars: null, n: 1, correct: 0 },
    ]);
  });

  it('splits accuracy at the confidence threshold', async () => {
    const report = await evaluateClassifier(classifier, rows);
    expect(report.confidence).toEqual({ threshold: 0.7, high: { n: 2, correct: 2, accuracy: 1 }, low: { n: 2, correct: 0, accuracy: 0 } });
    const strict = await evaluateClassifier(classifier, rows, { threshold: 0.85 });
    expect(strict.confidence.high).toEqual({ n: 1, correct: 1, accuracy: 1 });
  });

  it('bins the predictions by confidence and measures how far confidence is from accuracy', async () => {
    const report = await evaluateClassifier(classifier, rows);
    expect(report.reliability).toHaveLength(10);
    expect(report.reliability.map((b) => b.n)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 1, 1]);
    expect(report.reliability[9]).toMatchObject({ n: 1, correct: 1 });
    expect(report.reliability[6]).toMatchObject({ n: 1, correct: 0 });
    // |0.9 - 1| + |0.5 - 0| + |0.8 - 1| + |0.6 - 0|, over four prompts.
    expect(expectedCalibrationError(report.reliability)).toBeCloseTo(0.35, 10);
    // Confidence that matches the hit rate bin by bin: no error.
    expect(expectedCalibrationError([{ n: 10, correct: 8, confidenceSum: 8 }, { n: 4, correct: 2, confidenceSum: 2 }])).toBeCloseTo(0, 10);
  });

  it('lists the misclassified rows with expected and predicted labels', async () => {
    const report = await evaluateClassifier(classifier, rows);
    expect(report.misclassified.map((m) => [m.line, m.expected, m.predicted.complexity, m.predicted.category])).toEqual([
      [4, { complexity: 'medium', category: 'factual' }, 'simple', 'factual'],
      [10, { complexity: 'complex', category: 'code' }, 'complex', 'reasoning'],
    ]);
  });

  it('measures per-prompt latency in microseconds', async () => {
    const report = await evaluateClassifier(classifier, rows);
    expect(report.latency.medianUs).toBeGreaterThan(0);
    expect(report.latency.p99Us).toBeGreaterThanOrEqual(report.latency.medianUs);
  });

  it('reports progress after every prompt and stops when aborted', async () => {
    const progress: [number, number][] = [];
    await evaluateClassifier(classifier, rows, { onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);

    const controller = new AbortController();
    const seen: number[] = [];
    const run = evaluateClassifier(classifier, rows, {
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(seen).toEqual([1, 2]);
  });

  it('refuses an empty dataset instead of reporting NaN', async () => {
    await expect(evaluateClassifier(classifier, [])).rejects.toThrow(RangeError);
  });
});

describe('formatEvalReport', () => {
  it('prints the headline figures, aligned confusion tables, buckets and latency', async () => {
    const text = formatEvalReport(await evaluateClassifier(classifier, rows));
    expect(text).toContain('Overall:    50.0% (2/4)');
    expect(text).toContain('Complexity: 75.0% (3/4)');
    expect(text).toContain('Category:   75.0% (3/4)');
    expect(text).toMatch(/Confidence >= 0\.70: 100\.0% \(2\/2\)/);
    expect(text).toMatch(/Latency per prompt: median [\d.]+ (µs|ms), p99 [\d.]+ (µs|ms)/);
    expect(text).toMatch(/< 50 chars\s+100\.0% \(1\/1\)/);

    // Every row of a confusion table ends at the same column: the numbers are right-aligned.
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith('actual \\ predicted') && l.includes('factual'));
    const tableRows = lines.slice(start, start + 5);
    expect(new Set(tableRows.map((l) => l.length)).size).toBe(1);
    expect(tableRows[4]).toMatch(/^code\s+0\s+1\s+0\s+0$/);
  });

  it('lists misclassified prompts only when asked', async () => {
    const report = await evaluateClassifier(classifier, rows);
    expect(formatEvalReport(report)).not.toContain('Misclassified');
    const text = formatEvalReport(report, { misclassified: 1 });
    expect(text).toContain('Misclassified (1 of 2)');
    expect(text).toContain('line 4: expected medium/factual, got simple/factual (0.50)');
  });
});

describe('formatComparison', () => {
  it('prints one aligned row per classifier', async () => {
    const report = await evaluateClassifier(classifier, rows);
    const text = formatComparison([
      { name: 'rules', report },
      { name: 'embeddings', report: { ...report, accuracy: 0.875, latency: { medianUs: 1500, p99Us: 2_500_000 } } },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Classifier\s+Overall\s+Complexity\s+Category\s+Median\s+p99$/);
    expect(lines[1]).toMatch(/^rules\s+50\.0%\s+75\.0%\s+75\.0%\s+[\d.]+ (µs|ms)\s+[\d.]+ (µs|ms)$/);
    expect(lines[2]).toMatch(/^embeddings\s+87\.5%\s+75\.0%\s+75\.0%\s+1\.50 ms\s+2\.50 s$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

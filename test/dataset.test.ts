import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATEGORIES, COMPLEXITIES } from '../src-shared/labels';
import { DatasetError, loadLabeledPrompts, splitDataset, type LabeledPrompt } from '../src-main/core/eval/dataset';

const dir = mkdtempSync(join(tmpdir(), 'mmrouter-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function datasetError(path: string): DatasetError {
  try {
    loadLabeledPrompts(path);
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe('loadLabeledPrompts', () => {
  it('reads a YAML list with the line each entry starts on', () => {
    const path = file(
      'ok.yaml',
      `# comment
- prompt: "What is 2+2?"
  complexity: simple
  category: reasoning
- prompt: |
    Write a poem
    about the sea
  complexity: Medium
  category: creative
`,
    );
    expect(loadLabeledPrompts(path)).toEqual([
      { prompt: 'What is 2+2?', complexity: 'simple', category: 'reasoning', line: 2 },
      { prompt: 'Write a poem\nabout the sea\n', complexity: 'medium', category: 'creative', line: 5 },
    ]);
  });

  it('reads JSONL, skipping blank lines, and ignores extra fields', () => {
    const path = file(
      'ok.jsonl',
      '{"prompt":"Who wrote Hamlet?","complexity":"simple","category":"factual","id":7}\n\n{"prompt":"Sort a list in Go","complexity":"simple","category":"code"}\n',
    );
    expect(loadLabeledPrompts(path)).toEqual([
      { prompt: 'Who wrote Hamlet?', complexity: 'simple', category: 'factual', line: 1 },
      { prompt: 'Sort a list in Go', complexity: 'simple', category: 'code', line: 3 },
    ]);
  });

  it('reads CSV with quoted commas, escaped quotes, embedded newlines, CRLF and any column order', () => {
    const path = file(
      'ok.csv',
      'category,prompt,complexity\r\n' +
        'factual,"Paris, Texas or Paris, France?",simple\r\n' +
        'creative,"Write a toast that says ""cheers""",simple\r\n' +
        'code,"Fix this:\nprint(x\nplease",medium\r\n' +
        'reasoning,Is 7 prime,simple\r\n',
    );
    expect(loadLabeledPrompts(path)).toEqual([
      { prompt: 'Paris, Texas or Paris, France?', complexity: 'simple', category: 'factual', line: 2 },
      { prompt: 'Write a toast that says "cheers"', complexity: 'simple', category: 'creative', line: 3 },
      { prompt: 'Fix this:\nprint(x\nplease', complexity: 'medium', category: 'code', line: 4 },
      { prompt: 'Is 7 prime', complexity: 'simple', category: 'reasoning', line: 7 },
    ]);
  });

  it('rejects every bad YAML row at once, by line, saying what is wrong', () => {
    const path = file(
      'bad.yaml',
      `- prompt: "fine"
  complexity: simple
  category: factual
- prompt: "no category"
  complexity: simple
- prompt: "   "
  complexity: simple
  category: code
- prompt: "bad label"
  complexity: hard
  category: factual
`,
    );
    const error = datasetError(path);
    expect(error.issues).toEqual([
      { line: 4, message: 'missing "category"' },
      { line: 6, message: 'empty prompt' },
      { line: 9, message: 'complexity "hard" is not one of simple, medium, complex' },
    ]);
    expect(error.message).toContain('line 9: complexity "hard" is not one of simple, medium, complex');
    expect(error.message).toContain(path);
  });

  it('rejects bad JSONL lines and unknown categories with their line numbers', () => {
    const path = file('bad.jsonl', '{"prompt":"ok","complexity":"simple","category":"factual"}\n{not json}\n{"prompt":"x","complexity":"simple","category":"poetry"}\n');
    const issues = datasetError(path).issues;
    expect(issues.map((i) => i.line)).toEqual([2, 3]);
    expect(issues[0]?.message).toMatch(/invalid JSON/);
    expect(issues[1]?.message).toBe('category "poetry" is not one of factual, reasoning, creative, code');
  });

  it('rejects a CSV whose header lacks a column, and rows with the wrong field count', () => {
    expect(datasetError(file('nohead.csv', 'prompt,complexity\nhi,simple\n')).issues).toEqual([
      { line: 1, message: 'header is missing column category (found: prompt, complexity)' },
    ]);
    expect(datasetError(file('short.csv', 'prompt,complexity,category\nhi,simple\n"unterminated,simple,code\n')).issues).toEqual([
      { line: 2, message: 'expected 3 fields, found 2' },
      { line: 3, message: 'unterminated quoted field' },
    ]);
  });

  it('treats an empty file as an error, whatever the format', () => {
    for (const name of ['empty.yaml', 'empty.jsonl', 'empty.csv']) {
      expect(datasetError(file(name, '')).issues).toEqual([{ line: 1, message: 'no prompts in file' }]);
    }
    expect(datasetError(file('header-only.csv', 'prompt,complexity,category\n')).issues[0]?.message).toBe('no prompts in file');
  });

  it('rejects YAML that is not a list, and unknown extensions', () => {
    expect(datasetError(file('map.yaml', 'prompt: hi\n')).issues[0]?.message).toMatch(/expected a YAML list/);
    expect(datasetError(file('data.txt', 'hi')).issues[0]?.message).toMatch(/unsupported file extension/);
  });
});

describe('eval_data/prompts.yaml', () => {
  const rows = loadLabeledPrompts('eval_data/prompts.yaml');

  it('has at least 30 prompts in every complexity × category cell', () => {
    for (const complexity of COMPLEXITIES) {
      for (const category of CATEGORIES) {
        expect(rows.filter((r) => r.complexity === complexity && r.category === category).length, `${complexity}/${category}`).toBeGreaterThanOrEqual(30);
      }
    }
  });

  it('has no duplicate prompts', () => {
    const normalised = rows.map((r) => r.prompt.trim().toLowerCase());
    expect(new Set(normalised).size).toBe(rows.length);
  });
});

describe('splitDataset', () => {
  const rows = loadLabeledPrompts('eval_data/prompts.yaml');
  const cell = (r: LabeledPrompt) => `${r.complexity}/${r.category}`;
  const countBy = (rs: LabeledPrompt[]) => rs.reduce<Record<string, number>>((m, r) => ({ ...m, [cell(r)]: (m[cell(r)] ?? 0) + 1 }), {});

  it('is deterministic for a seed and different across seeds', () => {
    const a = splitDataset(rows, 0.2, 42);
    expect(splitDataset(rows, 0.2, 42)).toEqual(a);
    expect(splitDataset(rows, 0.2, 43).eval).not.toEqual(a.eval);
  });

  it('partitions the rows: nothing lost, nothing in both halves', () => {
    const { train, eval: held } = splitDataset(rows, 0.25, 7);
    expect(train.length + held.length).toBe(rows.length);
    const heldLines = new Set(held.map((r) => r.line));
    expect(train.some((r) => heldLines.has(r.line))).toBe(false);
  });

  it('is stratified: each cell gives round(n × fraction) rows to eval', () => {
    const total = countBy(rows);
    const held = countBy(splitDataset(rows, 0.2, 1).eval);
    for (const [key, n] of Object.entries(total)) expect(held[key], key).toBe(Math.round(n * 0.2));
  });

  it('handles the edges: fraction 0 keeps everything for training, out-of-range fractions throw', () => {
    expect(splitDataset(rows, 0, 1).eval).toEqual([]);
    expect(() => splitDataset(rows, 1.5, 1)).toThrow(RangeError);
    expect(() => splitDataset(rows, Number.NaN, 1)).toThrow(RangeError);
  });
});

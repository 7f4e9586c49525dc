import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome, writeFile } from './support/cli';

/** A small labeled set: a few prompts per cell, in JSONL as users often export them. */
function jsonl(): string {
  const rows: { prompt: string; complexity: string; category: string }[] = [];
  const cells: [string, string, string[]][] = [
    ['simple', 'factual', ['What is the capital of Peru?', 'Who wrote Hamlet?', 'When did the Berlin wall fall?']],
    ['simple', 'code', ['How do I reverse a list in Python?', 'What does git stash do?', 'Convert a string to int in JavaScript']],
    ['complex', 'reasoning', [
      'Analyze the trade-offs between eventual and strong consistency for a global payments ledger, considering latency, failure modes and regulatory audit requirements.',
      'Prove that there are infinitely many primes and explain each step of the argument in detail.',
      'Compare three strategies for pricing a new SaaS product, modelling churn and expansion revenue over five years.',
    ]],
    ['medium', 'creative', ['Write a short poem about the sea at night.', 'Write a limerick about a cat who codes.', 'Draft a two-paragraph story about a lost key.']],
  ];
  for (const [complexity, category, prompts] of cells) for (const prompt of prompts) rows.push({ prompt, complexity, category });
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

describe('classifier commands', () => {
  it('trains from a JSONL file, then classifies with the trained model', async () => {
    const dir = tempHome();
    const data = writeFile(dir, 'mine.jsonl', jsonl());
    const out = join(dir, 'model');
    const train = await runCli(['--json', 'train', '--data', data, '--output', out, '--eval-split', '0'], { env: { HOME: dir } });
    expect(train.code).toBe(0);
    expect(JSON.parse(train.stdout).metadata.counts.train).toBe(12);

    const classify = await runCli(['classify', '--trained-model', out, 'Who painted the Mona Lisa?'], { env: { HOME: dir } });
    expect(classify.code).toBe(0);
    const labels = JSON.parse(classify.stdout);
    expect(labels).toMatchObject({ strategy: 'embeddings' });
    expect(labels.confidence).toBeGreaterThan(0);
    expect(labels.confidence).toBeLessThanOrEqual(1);
  });

  it('rejects a training file with bad rows, naming each line, and writes no model', async () => {
    const dir = tempHome();
    const data = writeFile(dir, 'bad.csv', 'prompt,complexity,category\n"What is 2+2?",simple,factual\n"Write a poem",easy,creative\n,medium,code\n');
    const res = await runCli(['train', '--data', data, '--output', join(dir, 'model')], { env: { HOME: dir } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/line 3/);
    expect(res.stderr).toMatch(/easy/);
    expect(res.stderr).toMatch(/line 4/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'model'))).toBe(false);
  });

  it('evaluates the rules classifier on a labeled file as JSON', async () => {
    const dir = tempHome();
    const data = writeFile(dir, 'mine.jsonl', jsonl());
    const res = await runCli(['--json', 'eval', '--classifier', 'rules', '--data', data], { env: { HOME: dir } });
    expect(res.code).toBe(0);
    const { report } = JSON.parse(res.stdout);
    expect(report.n).toBe(12);
    expect(report.complexity.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(12);
    expect(report.accuracy).toBeGreaterThan(0.5);
  });
});

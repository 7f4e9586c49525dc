import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The committed manifest of the training corpus: one row per prompt (id, source, labels, rule, hash). */
const rows = readFileSync(join(__dirname, '../eval_data/corpus/manifest.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'));

describe('the training corpus keeps benchmark test problems out', () => {
  it("reads LeetCode's problems only from before LiveCodeBench's test problems begin (May 2023, problem 2660)", () => {
    const leetcode = rows.filter(([, source]) => source === 'leetcode').map(([id]) => Number(id?.slice('leetcode:'.length)));
    expect(leetcode.length).toBeGreaterThan(0);
    expect(leetcode.filter((n) => !(n < 2660))).toEqual([]);
  });

  it("reads MBPP's train split only (tasks 601-974), none of its test, validation or few-shot tasks", () => {
    const mbpp = rows.filter(([, source]) => source === 'mbpp-train').map(([id]) => Number(id?.slice('mbpp-train:'.length)));
    expect(mbpp.length).toBeGreaterThan(0);
    expect(mbpp.filter((n) => !(n >= 601 && n <= 974))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { CorpusOverlap, normalise } from '../scripts/corpus/held-out-overlap';

const task = 'Write a python function to find the first repeated character in a given string.';
const question = 'A baker sells 14 loaves a day at $3 each. How much does she take in a week?';

const corpus = new CorpusOverlap([
  { id: 'gsm8k-train:1', prompt: 'a  BAKER sells 14 loaves a day at $3 each.\nHow much does she take in a week?' },
  { id: 'mbpp-train:602', prompt: `You are an expert Python programmer, and here is your task: ${task} Your code should pass these tests:\n\nassert first_repeated_char("abcabc") == "a"` },
  { id: 'mbpp-train:700', prompt: 'Write a function to sort a list of tuples by their second element.' },
  { id: 'folio-train:9', prompt: 'All cats are mammals. Some mammals swim.\n\nDoes this follow?' },
]);

describe('finding held-out benchmark items in the training corpus', () => {
  it('finds a test question that is a corpus prompt but for case and spacing', () => {
    const result = corpus.check([{ id: '1', text: question }]);
    expect(result).toMatchObject({ items: 1, exact: 1, contained: 1 });
    expect(result.hits).toEqual([{ itemId: '1', rowId: 'gsm8k-train:1', how: 'exact' }]);
  });

  it('finds a test task wrapped in a prompt template', () => {
    const result = corpus.check([{ id: '217', text: task, rowId: 'mbpp-train:217' }]);
    expect(result).toMatchObject({ items: 1, exact: 0, contained: 1, byId: 0 });
    expect(result.hits).toEqual([{ itemId: '217', rowId: 'mbpp-train:602', how: 'contained' }]);
  });

  it('lists every row that holds the same test text', () => {
    const twice = new CorpusOverlap([
      { id: 'a', prompt: `Solve this: ${question}` },
      { id: 'b', prompt: 'Nothing alike here, just a long enough unrelated prompt.' },
      { id: 'c', prompt: `${question} Show your work.` },
    ]);
    expect(twice.check([{ id: 'q', text: question }]).hits.map((h) => h.rowId)).toEqual(['a', 'c']);
  });

  it('finds a row read from the held-out split by its id, whatever its text', () => {
    const result = corpus.check([{ id: '700', text: 'Write a function to reverse the words of a sentence.', rowId: 'mbpp-train:700' }]);
    expect(result).toMatchObject({ items: 1, contained: 0, byId: 1 });
    expect(result.hits).toEqual([{ itemId: '700', rowId: 'mbpp-train:700', how: 'id' }]);
  });

  it('reports nothing for texts the corpus does not hold, nor for one that only spans two prompts', () => {
    const spanning = 'take in a week? you are an expert python programmer';
    const result = corpus.check([
      { id: 'miss', text: 'Write a function to count the vowels in a string.' },
      { id: 'span', text: spanning },
    ]);
    expect(result).toMatchObject({ items: 2, exact: 0, contained: 0, hits: [] });
  });

  it('skips texts under 25 characters, which recur by chance, even when a prompt holds them', () => {
    const result = corpus.check([{ id: 'short', text: 'All cats are mammals.' }]);
    expect(result).toMatchObject({ items: 0, skipped: 1, contained: 0, hits: [] });
  });

  it('treats texts that differ only in case and spacing as the same', () => {
    expect(normalise('  Hello,\n\tWORLD  again ')).toBe('hello, world again');
  });
});

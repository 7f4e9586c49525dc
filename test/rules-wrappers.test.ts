import { describe, expect, it } from 'vitest';
import { PROMPT_WRAPPERS, wrapperStability } from '../src-main/core/eval/wrapper-stability';
import { cell as label, rules } from './support/rules-cell';

/** One request of each kind, written for this test, in the shapes public datasets send them. */
const REQUESTS = {
  lookup: 'Which river flows through the city of Vienna?',
  wordProblem: 'A baker makes 14 loaves each morning and sells them for $3 each. On Saturday she makes twice as many and sells all but 5. How much does she earn on Saturday?',
  describedCase:
    'A 58-year-old woman with type 2 diabetes has had a foot ulcer for six weeks that is not healing despite dressings. She smokes and her pulses are weak. What should be done next?',
  logicPuzzle: 'Four friends, Ada, Ben, Cleo and Dev, each ordered a different drink: tea, coffee, juice or water. Ada does not drink coffee. Ben ordered juice. Cleo ordered neither tea nor coffee. Who ordered tea?',
  docstring: 'def count_vowels(text: str) -> int:\n    """Return how many vowels the text holds.\n    >>> count_vowels("banana")\n    3\n    """',
  programmingProblem:
    'Given an array of integers nums, return the length of the longest strictly increasing subsequence.\n\nExample 1:\nInput: nums = [10,9,2,5,3,7,101,18]\nOutput: 4\n\nConstraints:\n1 <= nums.length <= 2500',
  taskWithTests: 'Write a function to return the second smallest number in a list.\nYour code should pass these tests:\n\nassert second_smallest([4, 1, 3]) == 3\nassert second_smallest([9, 9, 2, 5]) == 5',
  creative: 'Write a short poem about a lighthouse in winter.',
  premisesByLine: 'All owls in the sanctuary are nocturnal.\nEvery nocturnal animal in the sanctuary sleeps by day.\nHoot is an owl in the sanctuary.\nIs it definitely true that Hoot sleeps by day?',
  framedTask:
    'You are an expert Python programmer, and here is your task: Write a function to count the words in a sentence. Your code should pass these tests:\n\nassert count_words("a b c") == 3',
} as const;

describe('RulesClassifier: what wraps a request does not change its label', () => {
  for (const [wrapper, wrap] of Object.entries(PROMPT_WRAPPERS)) {
    if (wrapper.includes('step by step')) continue;
    it(`reads each kind of request the same wrapped in "${wrapper}"`, () => {
      for (const [kind, request] of Object.entries(REQUESTS)) expect(label(wrap(request)), kind).toBe(label(request));
    });
  }

  it('reads "Let\'s think step by step." after a question as how to answer it, not as more of the request', () => {
    for (const kind of ['lookup', 'wordProblem', 'describedCase', 'logicPuzzle'] as const) {
      expect(label(`${REQUESTS[kind]}\nLet's think step by step.`), kind).toBe(label(REQUESTS[kind]));
    }
    // After a quantity asked of nothing given, the working asked for makes it an estimate.
    expect(label("How many dentists work in Brazil? Let's think step by step.")).toBe('medium/reasoning');
  });

  it('keeps what a closing sentence asks for beyond the answer ("Explain why...")', () => {
    expect(label('Is zero an even number? Explain why, with a proof from the definition of parity.')).not.toBe(label('Is zero an even number?'));
  });
});

describe('wrapperStability', () => {
  it('reports, per wrapper, how many labels stay and how accuracy moves', () => {
    const rows = [
      { prompt: REQUESTS.lookup, complexity: 'simple', category: 'factual', line: 1 },
      { prompt: REQUESTS.creative, complexity: 'simple', category: 'creative', line: 2 },
    ] as const;
    // A classifier that reads any prompt starting "Q:" as complex code: the Q/A wrapper changes every label.
    const fooled = (p: string) => (p.startsWith('Q:') ? { complexity: 'complex', category: 'code' } as const : rules.classifySync(p));
    const results = wrapperStability(rows, fooled);
    expect(results.map((r) => r.wrapper)).toEqual(Object.keys(PROMPT_WRAPPERS));
    const qa = results.find((r) => r.wrapper === 'Q: ... A:')!;
    expect(qa).toMatchObject({ n: 2, unchanged: 0, wrappedAccuracy: 0 });
    expect(results.find((r) => r.wrapper === 'Question: ... Answer:')!.unchanged).toBe(1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../src-shared/labels';
import { loadEmbeddingClassifier, type EmbeddingClassifier } from '../src-main/core/classifier/embeddings';
import { RulesClassifier } from '../src-main/core/classifier/rules';

/**
 * The kinds of prompt issue 11 found misrouted, a few written here in each style (none copied from
 * a benchmark), with the labels eval_data/LABELING.md gives them. Role-play is checked for its
 * category only: its size depends on the scene.
 */
const CASES: { kind: string; complexity: Classification['complexity'] | null; category: Classification['category']; prompts: string[] }[] = [
  {
    kind: 'one-operation arithmetic word problem',
    complexity: 'simple',
    category: 'reasoning',
    prompts: [
      'Maya had 14 stickers and gave 5 to her brother. How many stickers does she have left?',
      'A box holds 8 crayons. How many crayons are in 6 boxes?',
      'Tom read 23 pages on Monday and 19 pages on Tuesday. How many pages did he read in all?',
    ],
  },
  {
    kind: 'entry-level "write a function"',
    complexity: 'simple',
    category: 'code',
    prompts: ['Write a function that returns the largest number in a list.', 'Write a Python function that checks whether a string is a palindrome.', 'write a function to compute the factorial of n using recursion'],
  },
  {
    kind: 'function to complete from its signature and docstring',
    complexity: 'simple',
    category: 'code',
    prompts: [
      'def count_vowels(text: str) -> int:\n    """Return how many vowels (a, e, i, o, u) appear in text, ignoring case.\n\n    >>> count_vowels("Banana")\n    3\n    """\n',
      'from typing import List\n\n\ndef running_max(values: List[int]) -> List[int]:\n    """Given a list of integers, return a list where each element is the largest value seen so far.\n    >>> running_max([1, 3, 2, 5, 4])\n    [1, 3, 3, 5, 5]\n    """\n',
      'def is_leap_year(year):\n    """Return True if year is a leap year in the Gregorian calendar, else False."""\n',
    ],
  },
  {
    kind: 'multi-step grade-school word problem',
    complexity: 'medium',
    category: 'reasoning',
    prompts: [
      'A bakery sells muffins for $3 each and cookies for $1.50 each. On Saturday it sold 48 muffins and 120 cookies, and it paid $95 for ingredients and $60 for staff. On Sunday it sold half as many muffins and 30 more cookies than on Saturday, with the same costs. What was the total profit over the two days?',
      'Priya saves $25 every week. After 6 weeks she spends a third of her savings on a jacket, then earns $40 babysitting and buys two books that cost $12 each. How much money does she have now?',
      'A school orders 14 boxes of pencils with 24 pencils in each box. Each of the 9 classes gets the same number of pencils, and 12 pencils are kept for the office. The rest are shared equally among the classes. How many pencils does each class get, and how many are left over?',
    ],
  },
  {
    kind: 'competition mathematics',
    complexity: 'complex',
    category: 'reasoning',
    prompts: [
      'Find the number of ordered pairs $(a,b)$ of positive integers such that $a^2 + b^2 = 2025$ and $a < b$.',
      'Let $f(x) = x^3 - 3x + 1$ have roots $r$, $s$ and $t$. Compute $r^2 + s^2 + t^2$.',
      'How many positive integers $n \\le 1000$ are there such that $n^2 + 1$ is divisible by $5$?',
    ],
  },
  {
    kind: 'Fermi estimate',
    complexity: 'medium',
    category: 'reasoning',
    prompts: ['How many golf balls would fit inside a school bus? Estimate it step by step.', 'Roughly how many litres of coffee are drunk in London every day?', 'How long would it take to walk all the way around the equator?'],
  },
  {
    kind: 'expert question on a described case',
    complexity: 'complex',
    category: 'factual',
    prompts: [
      'A 58-year-old man presents to the emergency department with crushing chest pain radiating to his left arm for 40 minutes. He has a history of hypertension and smoking. The ECG shows ST elevation in leads II, III and aVF. What is the most likely diagnosis, and which artery is most likely occluded?',
      'My landlord kept my whole $1,800 deposit after I moved out, saying the carpet was worn, although I lived there four years and the lease excludes normal wear and tear. The state statute requires an itemized list of deductions within 30 days, and I never received one. What are my legal options, and is the landlord liable for damages?',
      'A steel cantilever beam 3 m long carries a 12 kN point load at its free end. After six months of cyclic loading, cracks appeared at the weld near the fixed support. What is the most likely failure mechanism, and what would a structural engineer change in the design?',
    ],
  },
  {
    kind: 'short creative request',
    complexity: 'simple',
    category: 'creative',
    prompts: ['Write a slogan for a neighborhood bike repair shop.', 'Write a tweet announcing our new vegan pizza.', 'Write a two-line poem about the first snow.'],
  },
  {
    kind: 'role-play',
    complexity: null,
    category: 'creative',
    prompts: [
      'You are a grumpy pirate captain. Greet the new crew and tell them the three rules of your ship.',
      'I want you to act as a travel guide in Kyoto. I will tell you where I am and you will suggest places to visit nearby.',
      'Pretend you are Sherlock Holmes and tell me what you deduce about me from my muddy boots.',
    ],
  },
];

const expected = (c: (typeof CASES)[number]) => (c.complexity ? { complexity: c.complexity, category: c.category } : { category: c.category });
const labels = (c: (typeof CASES)[number], got: Classification) => (c.complexity ? { complexity: got.complexity, category: got.category } : { category: got.category });

describe.each(CASES)('$kind', (c) => {
  let embeddings: EmbeddingClassifier;
  beforeAll(async () => {
    embeddings = await loadEmbeddingClassifier();
  });

  it.each(c.prompts)(`rules label %j as ${c.complexity ?? 'any'}/${c.category}`, (prompt) => {
    expect(labels(c, new RulesClassifier().classifySync(prompt))).toEqual(expected(c));
  });

  it.each(c.prompts)(`the shipped embedding classifier labels %j as ${c.complexity ?? 'any'}/${c.category}`, async (prompt) => {
    expect(labels(c, await embeddings.classify(prompt))).toEqual(expected(c));
  });
});

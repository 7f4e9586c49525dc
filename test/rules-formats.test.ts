import { describe, expect, it } from 'vitest';
import { cell as label, rules } from './support/rules-cell';


const MUSEUM =
  'The Harbour Museum was founded in 1887 by a group of 14 shipowners who wanted to keep the models, charts and logbooks of the port together. ' +
  'It moved to the old customs house in 1921, opened its doors to the public in 1924, and today holds about 6,500 objects, of which 1,200 are on display in 9 galleries.';
const RIVER =
  'The Maren rises in the hills above Oldcastle and runs south for 140 kilometres. It passes the mill town of Brenford, then Hallow and Kettering Cross, ' +
  'where two tributaries join it, before it widens past Saltmouth and meets the sea.';

describe('rules: what wraps a request does not change its label', () => {
  it('reads a question with answer options as its stem: the options are choices, not givens', () => {
    const muffins = 'A bakery sells muffins for $3 each. How much do 4 muffins cost?';
    expect(label(muffins)).toBe('simple/reasoning');
    for (const options of ['\nA) $7\nB) $10\nC) $12\nD) $15', ' A) $7 B) $10 C) $12 D) $15', '\n(A) $7\n(B) $10\n(C) $12\n(D) $15', '\na. $7\nb. $10\nc. $12\nd. $15']) {
      expect(label(muffins + options)).toBe('simple/reasoning');
    }
    const wall = 'In which year did the Berlin Wall fall?';
    expect(label(wall)).toBe('simple/factual');
    expect(label(`${wall} A) 1987 B) 1989 C) 1991 D) 1993`)).toBe('simple/factual');
    expect(label(`${wall}\nOptions:\na) 1987\nb) 1989\nc) 1991\nd) 1993\nAnswer:`)).toBe('simple/factual');
    const boiling = 'At what temperature does water boil at sea level?';
    expect(label(`${boiling}\nChoices:\n- 90 degrees Celsius\n- 100 degrees Celsius\n- 110 degrees Celsius`)).toBe(label(boiling));
    // A multi-step problem stays one with its options.
    const steps = 'Priya buys 3 notebooks at $4 each and 2 pens at $1.50 each. She pays with a $20 bill and then gets a $2 discount on the total. How much change does she get?';
    expect(label(steps)).toBe('medium/reasoning');
    expect(label(`${steps}\nA) $3\nB) $4\nC) $5\nD) $7`)).toBe('medium/reasoning');
  });

  it('keeps lettered parts that are not choices: sub-questions, sub-tasks, alternatives described at length', () => {
    // Parts that ask something are sub-questions of the request.
    const parts = 'Answer each part.\n(a) What is the derivative of x^2 + 3x?\n(b) What is the integral of 2x from 0 to 5?';
    expect(label(parts)).toBe(label(parts.replace('(a)', '1.').replace('(b)', '2.')));
    // Alternatives described at length are the material of a decision, not choices on a test.
    const stem = 'Which job offer should I pick and why?';
    expect(label(stem)).toBe('medium/factual');
    expect(label(`${stem}\n\nA) $85k, fully remote, small startup, equity\nB) $95k, 3 days in office with a 1 hour commute each way, big company, good benefits`)).toBe('complex/reasoning');
    // Lettered tasks after an instruction (no question asked) are the request itself.
    expect(label('Do the following:\na) Define osmosis.\nb) Describe diffusion.\nc) Compare the two processes.')).toBe('medium/factual');
  });

  it('sizes a question about a pasted passage by the question: the passage is material, its numbers are not givens', () => {
    const opened = 'When did the museum open to the public?';
    expect(label(opened)).toBe('simple/factual');
    expect(label(`${opened}\n\n${MUSEUM}`)).toBe('simple/factual');
    expect(label(`How many objects does the museum hold?\n\n${MUSEUM}`)).toBe('simple/factual');
    expect(label(`Answer the question using the passage below. ${opened}\n\nPassage:\n${MUSEUM}`)).toBe('simple/factual');
    expect(label(`Context: ${MUSEUM}\n\nQuestion: ${opened}`)).toBe('simple/factual');
    expect(label(`Given this paragraph about the river, list the towns it flows through.\n\n${RIVER}`)).toBe('simple/factual');
  });

  it('reads a text after a label the request points at ("...from this paragraph: <text>") as material: its numbers are not givens', () => {
    expect(label(`Extract every year mentioned in this paragraph: ${MUSEUM}`)).toBe('simple/factual');
    expect(label('Rewrite this sentence in the passive voice: The night porter locked every door of the old library at midnight.')).toBe('simple/creative');
  });

  it('reads code between fences as code to work on: its words ask for nothing (a function named mean is no request to explain)', () => {
    const code = '```python\ndef mean(xs):\n    total = sum(xs)\n    return total / (len(xs) - 1)\n```';
    expect(label(`Fix the off-by-one error in this function:\n${code}`)).toBe('simple/code');
    expect(label(`Why does this return the wrong average?\n${code}`)).toBe('medium/code');
  });

  it('reads a pasted traceback as program output to work on: its frames are not more of the request', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "report.py", line 21, in <module>',
      '    build_report(settings)',
      '  File "report.py", line 9, in build_report',
      '    title = settings["title"]',
      "KeyError: 'title'",
    ].join('\n');
    expect(label(`My report script crashes with this:\n${traceback}\nHow do I fix it?`)).toBe('simple/code');
  });

  it('reads an opening clause that refers to the given text ("Based on the text below,") as framing: the question after it is the request', () => {
    expect(label('What is the name of the town at the mouth of the river?')).toBe('simple/factual');
    expect(label(`Based on the text below, what is the name of the town at the mouth of the river?\n\n${RIVER}`)).toBe('simple/factual');
    expect(label(`According to the passage, what is the name of the town at the mouth of the river?\n\n${RIVER}`)).toBe('simple/factual');
    // A request that opens with its verb keeps it.
    expect(label(`Based on the article below, write a catchy slogan for the river's tourist board.\n\n${RIVER}`)).toBe('simple/creative');
  });

  it('reads what follows a question as the request going on when it says "I" or "you", asks again, or is code', () => {
    const piano = "What's the best way to learn piano?\n\nI'm 35, I have about 30 minutes a day, and I can read music a little.";
    expect(label(piano)).toBe(label(piano.replace('\n\n', ' ')));
    expect(rules.classifySync('What does this code do?\n\n```python\ndef f(xs):\n    return [x * 2 for x in xs if x > 0]\n```').category).toBe('code');
    const twoQuestions = `When did the museum open?\n\n${MUSEUM} How many galleries did it add after 1924, and why?`;
    expect(label(twoQuestions)).toBe(label(twoQuestions.replace('\n\n', ' ')));
  });

  it('reads an instruction template as its instruction, with the input as material', () => {
    const sentiment = 'Classify the sentiment of this review as positive or negative.';
    const review = 'The soup was cold and the waiter ignored us.';
    const bare = label(`${sentiment}\n\n${review}`);
    expect(bare).toBe('simple/factual');
    expect(label(`### Instruction:\n${sentiment}\n\n### Input:\n${review}\n\n### Response:`)).toBe(bare);
    const preamble = 'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.';
    expect(label(`${preamble}\n\n### Instruction:\n${sentiment}\n\n### Input:\n${review}\n\n### Response:`)).toBe(bare);
    expect(label(`Instruction: ${sentiment}\nInput: ${review}\nOutput:`)).toBe(bare);
    // Worked examples after the instruction are examples of the task, not more of it.
    const labelEach = 'Label each review as positive or negative.';
    expect(label(labelEach)).toBe('simple/factual');
    expect(label(`${labelEach}\n\nInput: the soup was cold\nOutput: negative\nInput: the staff were lovely\nOutput: positive\nInput: the room smelled of smoke\nOutput:`)).toBe('simple/factual');
    const template = (instruction: string): string => `Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n${instruction}\n\n### Response:`;
    for (const [instruction, expected] of [
      ['What is the capital of Canada?', 'simple/factual'],
      ['Write a haiku about autumn rain.', 'simple/creative'],
      ['Write a Python function that returns the largest number in a list.', 'simple/code'],
      ['A shop had 40 apples and sold 15. How many are left?', 'simple/reasoning'],
      ['You are a grumpy medieval innkeeper. Greet a traveller who arrives at midnight.', 'medium/creative'],
    ]) {
      expect(label(instruction!)).toBe(expected);
      expect(label(template(instruction!))).toBe(expected);
    }
  });

  it('reads texts pointed at ("these emails", "the following tweets") as given, and sign words listed apart as class labels', () => {
    expect(label("Categorize these emails as spam or not spam: 'Claim your free cruise now', 'Lunch moved to Friday'.")).toBe('simple/factual');
    expect(label('Label the following tweets as positive, negative or neutral: The new bridge is lovely. My train was late again.')).toBe('simple/factual');
    expect(label('Rewrite this email so it sounds friendlier: Send me the report today.').endsWith('/creative')).toBe(true);
    // Items numbered in a line ("1. ... 2. ...") are an enumeration, not quantities to compute with.
    expect(label('Say which of these reviews are positive and which are negative: 1. Lovely staff! 2. Cold food. 3. Would come back.').endsWith('/factual')).toBe(true);
  });

  it('takes "positive or negative" as the labels of a classification, and as signs where numbers are in question', () => {
    expect(label('Is this comment negative or neutral? "Loving the new update!"')).toBe('simple/factual');
    expect(label('Is the sentiment of this sentence positive or negative: "The film dragged on forever."')).toBe('simple/factual');
    expect(rules.classifySync('Is the product of two negative numbers positive or negative?').category).toBe('reasoning');
  });

  it('takes "list" as a verb in prose as a request for items, and as a noun as a data structure', () => {
    expect(label('List the towns the river Maren flows through.')).toBe('simple/factual');
    expect(label('Write a function that sorts a list of integers in descending order.')).toBe('simple/code');
    expect(rules.classifySync('Given a list of numbers, return the largest one.').category).toBe('code');
  });

  it('still reads a programming problem with Input/Output headings as one, and text examples as a text task', () => {
    const twoSum =
      'Given an array of integers nums and an integer target, return the indices of the two numbers that add up to target.\n\nExample 1:\n\nInput: nums = [2,7,11,15], target = 9\nOutput: [0,1]\n\nConstraints:\n\n2 <= nums.length <= 10^4';
    expect(label(twoSum)).toBe('simple/code');
    const pairs =
      'You are given n integers a_1, ..., a_n. Find the number of pairs (i, j) with i < j such that a_i + a_j is divisible by k.\n\nInput\nThe first line contains two integers n and k (1 <= n <= 2*10^5, 1 <= k <= 10^9). The second line contains n integers a_i.\n\nOutput\nPrint one integer: the number of such pairs.';
    expect(rules.classifySync(pairs).category).toBe('code');
    // A contest's statement in prose, its bounds written with "≤": the program terms say what it is.
    const stones =
      'Mila has a row of n stones, each painted red or blue, given as a string s. She wants every two neighbouring stones to differ. How many stones must she remove at least?\n\nInput\nThe first line contains n (1 ≤ n ≤ 50). The second line contains the string s.\n\nOutput\nPrint one integer.';
    expect(rules.classifySync(stones).category).toBe('code');
    // The statement alone, without its examples: what it takes and what it returns.
    expect(rules.classifySync('Given an array of integers heights where heights[i] is the height of a bar, return the area of the largest rectangle in the histogram.').category).toBe('code');
    expect(rules.classifySync('Tom buys 3 shirts for $12 each and returns one of them. How much did he spend?').category).toBe('reasoning');
    // A requirements list is the request, not wrapping.
    const report =
      'Write a Python script that reads a CSV file of orders and produces a report. Requirements:\n- group orders by customer\n- compute the total and average order value per customer\n- flag customers with more than 5 orders\n- write the report to a new CSV file\n- include unit tests';
    expect(label(report)).toBe('complex/code');
  });
});

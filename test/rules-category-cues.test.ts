import { describe, expect, it } from 'vitest';
import { RulesClassifier } from '../src-main/core/classifier/rules';

const rules = new RulesClassifier();
const category = (prompt: string): string => rules.classifySync(prompt).category;

describe('RulesClassifier: a text asked for by the opening verb', () => {
  it('is creative writing whatever form it names', () => {
    expect(category('Write a product description for a stainless steel water bottle that keeps drinks cold for 24 hours.')).toBe('creative');
    expect(category('Draft a short bio for the back cover of my cookbook. I grew up on a farm and ran a bakery for 12 years.')).toBe('creative');
  });

  it('is not when what is asked for is maths, a proof, an explanation or code', () => {
    expect(category('Write the equation of the line through the points (1, 2) and (3, 8).')).toBe('reasoning');
    expect(category('Write a proof that the square root of 2 is irrational.')).toBe('reasoning');
    expect(category('Write an explanation of how vaccines train the immune system.')).toBe('factual');
    expect(category('Write a bash script that renames every .jpeg file in a folder to .jpg.')).toBe('code');
  });

  it('is the piece of writing named first, whatever languages and tools it is about', () => {
    expect(category("Write a cover letter for a software engineering internship. I'm a second-year student who knows Python and React.")).toBe('creative');
    expect(category('Write a Python script that prints a random limerick from a list of limericks.')).toBe('code');
  });
});

describe("RulesClassifier: a quantity computed in a case's vocabulary", () => {
  it('reads a rate problem about pipes or a dose from a weight as a calculation, not a case for an expert', () => {
    expect(rules.classifySync('A tank fills in 6 hours with pipe A and 4 hours with pipe B. Pipe C empties it in 12 hours. If all three are open, how long does it take to fill the tank?').category).toBe('reasoning');
    expect(rules.classifySync('A patient weighs 70 kg and is prescribed 5 mg of the drug per kg of body weight. How many milligrams should the patient receive?')).toMatchObject({ complexity: 'simple', category: 'reasoning' });
  });

  it('still reads a described case with its numbers as a case', () => {
    const chestPain = 'A 58-year-old man presents with crushing chest pain for the past hour, blood pressure 90/60 and a pulse of 110. His ECG shows ST elevation in leads II, III and aVF. What is the most likely diagnosis and what is the immediate management?';
    expect(rules.classifySync(chestPain)).toMatchObject({ complexity: 'complex', category: 'factual' });
  });
});

describe('RulesClassifier: a program asked for by name', () => {
  it("reads the numbers in a program's examples as data, not as givens to compute with", () => {
    expect(rules.classifySync('I need a regex that matches UK postcodes such as SW1A 1AA or M1 1AE, and dates like 2024-03-15.').category).toBe('code');
    expect(rules.classifySync('Write a function that returns True when a year such as 1900, 2000 or 2024 is a leap year.').category).toBe('code');
  });

  it('reads "a class of 24 pupils" as a group of people, and "a class in Java" as code', () => {
    expect(rules.classifySync('A teacher has a class of 24 pupils and splits them into groups of 4. How many groups are there?')).toMatchObject({ complexity: 'simple', category: 'reasoning' });
    expect(rules.classifySync('Write a class in Java that represents a bank account with a balance.').category).toBe('code');
  });

  it('keeps "a function f" in formula notation a maths problem', () => {
    expect(rules.classifySync('Let $f$ be a function such that $f(x + 1) = 2f(x)$ and $f(0) = 3$. Find $f(5)$.').category).toBe('reasoning');
  });
});

describe('RulesClassifier: "tell me" before a question', () => {
  it('is the question it wraps: a lookup stays a lookup, "tell me about" explains', () => {
    expect(rules.classifySync('Could you please tell me what the capital of Canada is?')).toMatchObject({ complexity: 'simple', category: 'factual' });
    expect(rules.classifySync('Tell me who painted the ceiling of the Sistine Chapel.')).toMatchObject({ complexity: 'simple', category: 'factual' });
    expect(rules.classifySync('Tell me about the causes of the French Revolution.')).toMatchObject({ complexity: 'medium', category: 'factual' });
  });
});

describe('RulesClassifier: a question about an existing work', () => {
  it('is a lookup, whatever form of writing it names; asking for one to be written is creative', () => {
    expect(rules.classifySync('Who wrote the novel The Remains of the Day?')).toMatchObject({ complexity: 'simple', category: 'factual' });
    expect(rules.classifySync('Which song won the Eurovision Song Contest in 1974?')).toMatchObject({ complexity: 'simple', category: 'factual' });
    expect(rules.classifySync('Write a song about a lighthouse keeper who waits for a ship.')).toMatchObject({ category: 'creative' });
  });
});

describe('RulesClassifier: a case set out before a question that asks for no quantity', () => {
  it("reads the case's numbers (an age, a lab value) as its particulars, not givens to compute with", () => {
    const anticoagulation =
      'A 71-year-old man on warfarin for a mechanical heart valve needs a tooth extraction in four days. His INR this morning was 3.1. How should his anticoagulation be handled around the procedure?';
    expect(rules.classifySync(anticoagulation)).toMatchObject({ complexity: 'complex', category: 'factual' });
  });

  it('reads forms of writing named in the situation ("names, emails") as part of it, not as writing asked for', () => {
    const transfer =
      'A Dutch retailer plans to move its customer records to a cloud provider in Singapore. The records hold names, emails and order histories. Which legal safeguards does it need before the transfer?';
    expect(rules.classifySync(transfer)).toMatchObject({ complexity: 'complex', category: 'factual' });
  });

  it('still reads a question asking a quantity or a likelihood of the numbers given as a calculation', () => {
    expect(rules.classifySync('A jar holds 6 red marbles, 2 white marbles and 4 black marbles. If one is drawn at random, how likely is it to be white?').category).toBe('reasoning');
    expect(rules.classifySync('I have two job offers: one pays $92k with an hour-long commute, the other $81k fully remote. Which should I take and why?').category).toBe('reasoning');
  });
});

describe("RulesClassifier: a text's errors", () => {
  it('reads grammatical or spelling errors to correct as work on a text, not on a program', () => {
    expect(rules.classifySync('Correct the grammatical errors in this paragraph: Me and him goes to the market every sundays, and we buys fresh breads.').category).toBe('factual');
    expect(rules.classifySync('Why does my Python script raise a KeyError on the second run?').category).toBe('code');
  });
});

describe('RulesClassifier: "Name..." and "Define..." opening a request', () => {
  it('reads "Name the..." or "Name three..." as asking what things are called, and "Name my..." as a name to invent', () => {
    expect(rules.classifySync('Name the longest river in South America.')).toMatchObject({ complexity: 'simple', category: 'factual' });
    expect(rules.classifySync('Name four noble gases.')).toMatchObject({ complexity: 'simple', category: 'factual' });
    expect(rules.classifySync('Name my new sourdough starter.')).toMatchObject({ category: 'creative' });
  });

  it('reads "Define X." as "What is X?": one definition, a lookup', () => {
    const { complexity, category } = rules.classifySync('What is osmosis?');
    expect(rules.classifySync('Define osmosis.')).toMatchObject({ complexity, category });
  });
});

describe('RulesClassifier: content asked for that is judged on what it gets right', () => {
  it('reads a plan, a recipe or a table asked for as factual, not as writing judged on style or as code', () => {
    expect(rules.classifySync('Create a four-week running plan for someone training for their first 5k.').category).toBe('factual');
    expect(rules.classifySync('Write a recipe for a lemon drizzle cake.').category).toBe('factual');
    expect(rules.classifySync('Make a table of the Great Lakes with their areas and deepest points.').category).toBe('factual');
    expect(rules.classifySync('Write a list of five rivers in Europe.').category).toBe('factual');
    expect(rules.classifySync('Write a list of integers in Python sorted in descending order.').category).toBe('code');
    // A table in a database stays code; a poem about a schedule stays a poem.
    expect(rules.classifySync('Create a table in MySQL for invoices with a due date and an amount.').category).toBe('code');
    expect(rules.classifySync('Write a poem about my weekly schedule.').category).toBe('creative');
  });

  it('reads "Recommend three novels..." as suggestions of existing works, not as writing or a decision', () => {
    expect(rules.classifySync('Recommend three mystery novels for a long train journey.')).toMatchObject({ complexity: 'simple', category: 'factual' });
  });
});

describe('RulesClassifier: a quantity named by an explanation word', () => {
  it('reads "the absolute difference between two numbers" as a quantity to return, not two things to explain', () => {
    expect(rules.classifySync('Write a Python function that returns the absolute difference between the largest and smallest values in a list.')).toMatchObject({ complexity: 'simple', category: 'code' });
    expect(rules.classifySync('What is the difference between a comet and an asteroid?')).toMatchObject({ complexity: 'medium', category: 'factual' });
  });
});

import { describe, expect, it } from 'vitest';
import { cell } from './support/rules-cell';


describe('RulesClassifier: tests written out for the answer to pass', () => {
  const task = 'Write a Python function that returns the second largest number in a list.';
  const tests = ['assert second_largest([4, 1, 9, 7]) == 7', 'assert second_largest([10, 10, 3]) == 3', 'assert second_largest([-2, -5, -1]) == -2'].join('\n');

  it('labels the request as it would be without its tests', () => {
    expect(cell(task)).toBe('simple/code');
    expect(cell(`${task}\nYour code should pass these tests:\n\n${tests}`)).toBe('simple/code');
    expect(cell(`${task}\n\n${tests}`)).toBe('simple/code');
  });

  it('sets the tests and their introduction aside when the request names a given text', () => {
    const request = 'Write a function to count how often each word occurs in a given text.';
    const given = 'assert word_counts("to be or not to be")["be"] == 2';
    expect(cell(`${request}\nYour code should pass these tests:\n\n${given}`)).toBe(cell(request));
  });
});

describe('RulesClassifier: a capacity named before the request', () => {
  it('reads "You are a helpful assistant." as framing, whatever the request', () => {
    expect(cell('You are a helpful assistant. What is the boiling point of water at sea level in Celsius?')).toBe('simple/factual');
    expect(cell('You are a helpful assistant. Write a two-line poem about rain on a tin roof.')).toBe('simple/creative');
    expect(cell("You're a friendly AI assistant.\nHow many legs does a spider have?")).toBe('simple/factual');
  });

  it('labels a program or a calculation asked of an expert persona as the request alone', () => {
    expect(cell('You are an experienced data engineer. Write a SQL query that counts the orders of each customer.')).toBe(cell('Write a SQL query that counts the orders of each customer.'));
    expect(cell('You are an expert Python programmer, and here is your task: Write a function to reverse the words of a sentence. Your code should pass these tests:\n\nassert reverse_words("a b c") == "c b a"')).toBe('simple/code');
    expect(cell('You are a maths tutor. A shop sells pens at 3 dollars each. How much do 7 pens cost?')).toBe('simple/reasoning');
  });

  it('keeps a character in a scene, and an expert persona answering in voice, as role-play', () => {
    expect(cell('You are a pirate captain. Greet the new crew member who just climbed aboard.')).toBe('medium/creative');
    expect(cell('You are an expert in medieval castles. Describe what a visitor would see walking through the gatehouse.')).toMatch(/\/creative$/);
  });

  it('reads a persona typed with a curly apostrophe as with a straight one', () => {
    expect(cell('You’re a helpful assistant. Write a two-line poem about rain on a tin roof.')).toBe('simple/creative');
    expect(cell('You’re a pirate captain. Greet the new crew member who just climbed aboard.')).toBe('medium/creative');
    expect(cell('What’s the boiling point of water at sea level in Celsius?')).toBe(cell("What's the boiling point of water at sea level in Celsius?"));
  });

  it('reads "You are given..." or "you are asked to..." as the setting of a task, not a persona', () => {
    expect(cell('You are given an array of integers prices, where prices[i] is the price of a stock on day i. Return the largest profit from one buy and one sell.')).toMatch(/\/code$/);
    expect(cell('You are asked to list the member states of the European Union that use the euro.')).not.toMatch(/\/creative$/);
  });

  it('leaves a persona with nothing after it as it was', () => {
    expect(cell('You are a helpful assistant.')).toBe('medium/creative');
  });
});

describe('RulesClassifier: a tagged writing prompt', () => {
  it('reads "[WP] <premise>" as a story to write, however the premise reads alone', () => {
    const premise = 'Every lighthouse on the coast went dark on the same night, and only the old keeper knows why.';
    expect(cell(premise)).not.toBe('medium/creative');
    expect(cell(`[WP] ${premise}`)).toBe('medium/creative');
    expect(cell('[wp] Cats have been running the post office for a century and nobody noticed.')).toBe('medium/creative');
  });
});

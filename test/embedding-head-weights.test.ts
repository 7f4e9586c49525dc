import { describe, expect, it } from 'vitest';
import { cellWeights, sourceFamily, type HeadExample } from '../src-main/core/classifier/embeddings/fit-head';

const rows = (n: number, complexity: HeadExample['complexity'], category: HeadExample['category'], source: string): HeadExample[] =>
  Array.from({ length: n }, (_, i) => ({ prompt: `${source} ${i}`, complexity, category, source }));

const total = (examples: HeadExample[], weights: number[], pick: (e: HeadExample) => boolean): number => examples.reduce((s, e, i) => s + (pick(e) ? weights[i]! : 0), 0);

describe('embedding head sample weights', () => {
  it('gives every complexity × category cell the same total weight, however many rows fill it', () => {
    const examples = [...rows(400, 'medium', 'reasoning', 'maths'), ...rows(40, 'simple', 'creative', 'poems')];
    const w = cellWeights(examples);
    expect(total(examples, w, (e) => e.category === 'reasoning')).toBeCloseTo(total(examples, w, (e) => e.category === 'creative'), 6);
    // Normalised to a mean of one, so penalties mean the same whatever the corpus size.
    expect(w.reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1, 9);
  });

  it('shares a cell equally among its sources, so one large dataset does not speak for the cell', () => {
    const examples = [...rows(400, 'simple', 'code', 'big'), ...rows(50, 'simple', 'code', 'small')];
    const w = cellWeights(examples);
    expect(total(examples, w, (e) => e.source === 'big')).toBeCloseTo(total(examples, w, (e) => e.source === 'small'), 6);
  });

  it('does not let a handful of rows carry a whole cell', () => {
    const examples = [...rows(100, 'simple', 'factual', 'a'), ...rows(2, 'complex', 'factual', 'b')];
    const w = cellWeights(examples);
    // Two rows count as twenty: their cell gets a tenth of the other's weight, not all of it.
    expect(total(examples, w, (e) => e.source === 'b') / total(examples, w, (e) => e.source === 'a')).toBeCloseTo(0.1, 6);
  });

  it('holds out source families together: our two hand-written sets are one', () => {
    expect(sourceFamily('mmrouter:eval')).toBe(sourceFamily('mmrouter:extra'));
    expect(sourceFamily('gsm8k-train')).toBe('gsm8k-train');
    expect(sourceFamily('gpteacher-codegen')).not.toBe(sourceFamily('gpteacher-roleplay'));
  });
});

describe('embedding head confidence', () => {
  it("trusts the tier of prompts whose tier it tells reliably more than of those whose tier it doesn't", async () => {
    const { fitHead } = await import('../src-main/core/classifier/embeddings/fit-head');
    const { predict } = await import('../src-main/core/classifier/embeddings/head');
    const cities = ['Peru', 'Chile', 'Kenya', 'Norway', 'Japan', 'Ghana', 'Spain', 'Egypt', 'Nepal', 'Cuba'];
    const lookups: HeadExample[] = Array.from({ length: 80 }, (_, i) => ({ prompt: `What is the capital of ${cities[i % 10]} (${i})?`, complexity: 'simple', category: 'factual' }));
    // Word problems whose tier does not follow from anything in the text: the head cannot tell them apart.
    const problems: HeadExample[] = Array.from({ length: 80 }, (_, i) => ({
      prompt: `Tom has ${i + 3} apples and buys ${(i % 7) + 2} more, then gives ${(i % 5) + 1} away. How many apples does he have now?`,
      complexity: i % 2 === 0 ? 'simple' : 'medium',
      category: 'reasoning',
    }));
    const examples = [...lookups, ...problems];
    const embeddings = examples.map((_, i) => Float32Array.from({ length: 4 }, (__, k) => Math.sin(i * (k + 1))));
    const head = await fitHead(examples, embeddings, { seed: 1 });
    const lookup = predict(head, embeddings[0]!, lookups[0]!.prompt);
    const problem = predict(head, embeddings[80]!, problems[0]!.prompt);
    expect(lookup).toMatchObject({ complexity: 'simple', category: 'factual' });
    expect(problem.category).toBe('reasoning');
    expect(lookup.confidence).toBeGreaterThan(0.8);
    expect(problem.confidence).toBeLessThan(0.75);
    // One temperature for every prompt would average the two kinds (read on the axes' own product):
    // the lookup's trust would drop, the problem's rise.
    const axes = { ...head, confidence: undefined };
    const oneTemperature = { ...axes, complexity: { ...head.complexity, temperatureByCategory: undefined } };
    expect(predict(axes, embeddings[0]!, lookups[0]!.prompt).confidence).toBeGreaterThan(predict(oneTemperature, embeddings[0]!, lookups[0]!.prompt).confidence);
    expect(predict(axes, embeddings[80]!, problems[0]!.prompt).confidence).toBeLessThan(predict(oneTemperature, embeddings[80]!, problems[0]!.prompt).confidence);
  });

  it("keeps a lookup's confidence above the escalation threshold when a small source of another kind is added", async () => {
    const { fitHead } = await import('../src-main/core/classifier/embeddings/fit-head');
    const { predict } = await import('../src-main/core/classifier/embeddings/head');
    const topics = ['Peru', 'Chile', 'Kenya', 'Norway', 'Japan', 'Ghana', 'Spain', 'Egypt', 'Nepal', 'Cuba'];
    const source = (name: string, n: number, make: (i: number) => string, complexity: HeadExample['complexity'], category: HeadExample['category']): HeadExample[] =>
      Array.from({ length: n }, (_, i) => ({ prompt: make(i), complexity, category, source: name }));
    // Two sources per kind, so a kind held out with one of its sources is still seen through the other.
    const base = [
      ...source('atlas', 60, (i) => `What is the capital of ${topics[i % 10]}?`, 'simple', 'factual'),
      ...source('gazetteer', 60, (i) => `Which river flows through ${topics[i % 10]}?`, 'simple', 'factual'),
      ...source('sums', 60, (i) => `Ann has ${i + 3} pens and buys ${(i % 7) + 2} more, then gives ${(i % 5) + 1} away. How many pens does she have?`, 'medium', 'reasoning'),
      ...source('tallies', 60, (i) => `A farm has ${i + 9} cows, sells ${(i % 4) + 1} and buys ${(i % 6) + 2}, then half of them calve. How many animals are there now?`, 'medium', 'reasoning'),
      ...source('poems', 60, (i) => `Write a short poem about the seasons in ${topics[i % 10]}.`, 'simple', 'creative'),
      ...source('verses', 60, (i) => `Write four lines of verse about the sea off ${topics[i % 10]}.`, 'simple', 'creative'),
    ];
    const design = source('design', 38, (i) => `Design a scalable web service for ${topics[i % 10]} that handles millions of users, with caching, sharding and a queue.`, 'complex', 'code');
    const embed = (examples: HeadExample[]): Float32Array[] => examples.map((e) => Float32Array.from({ length: 4 }, (_, k) => Math.sin(e.prompt.length * (k + 1))));
    const lookup = 'What is the capital of France?';
    const confidence = async (examples: HeadExample[]): Promise<number> => {
      const head = await fitHead(examples, embed(examples), { seed: 1 });
      const p = predict(head, embed([{ prompt: lookup, complexity: 'simple', category: 'factual' }])[0]!, lookup);
      expect(p).toMatchObject({ complexity: 'simple', category: 'factual' });
      return p.confidence;
    };
    expect(await confidence(base)).toBeGreaterThan(0.8);
    expect(await confidence([...base, ...design])).toBeGreaterThan(0.8);
  });
});

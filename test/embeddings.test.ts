import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, loadEmbeddingClassifier, type Embedder, type EmbeddingClassifier } from '../src-main/core/classifier/embeddings';

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('the shipped embedding model', () => {
  let embedder: Embedder;
  let classifier: EmbeddingClassifier;

  beforeAll(async () => {
    // Loaded from models/ with remote downloads off: it must work on a machine with no network.
    embedder = await loadEmbedder();
    classifier = await loadEmbeddingClassifier();
  });

  it('loads offline and gives unit-length 100-d vectors', async () => {
    expect(embedder.dimension).toBe(100);
    const [v] = await embedder.embed(['How do I sort a list in Python?']);
    expect(v).toHaveLength(100);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 4);
  });

  it('puts paraphrases closer together than unrelated prompts', async () => {
    const [a, b, c, d, e] = await embedder.embed([
      'What is the capital city of France?',
      'Which city is the capital of France?',
      'Write a short poem about autumn leaves falling.',
      'Write a Python function that sorts a list of numbers.',
      'Implement a sorting algorithm in Java for an array of integers.',
    ]);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!) + 0.2);
    expect(cosine(d!, e!)).toBeGreaterThan(cosine(d!, c!));
    expect(cosine(d!, e!)).toBeGreaterThan(cosine(d!, a!));
  });

  it('embeds a batch exactly as it embeds prompts one at a time', async () => {
    const texts = ['short', 'a much longer prompt with many more words in it than the first one'];
    const batch = await embedder.embed(texts);
    const single = await Promise.all(texts.map(async (t) => (await embedder.embed([t]))[0]!));
    batch.forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(single[i]![j]!, 5)));
  });

  it('returns a zero vector, not NaN, for a prompt with no words', async () => {
    const [v] = await embedder.embed(['   ']);
    expect(v!.every((x) => x === 0)).toBe(true);
  });

  it('classifies obvious prompts', async () => {
    const cases = [
      ['What is the tallest mountain in Japan?', 'simple', 'factual'],
      ['Write a JavaScript function that removes duplicate values from an array.', undefined, 'code'],
      ['Write a limerick about a cat who loves lasagna.', 'simple', 'creative'],
      [
        'Design the architecture for a multi-region payment processing system: compare event sourcing with a relational ledger, explain how you would handle consistency, failover and auditing, and justify each trade-off.',
        'complex',
        undefined,
      ],
    ] as const;
    for (const [prompt, complexity, category] of cases) {
      const c = await classifier.classify(prompt);
      expect(c.strategy).toBe('embeddings');
      expect(c.confidence).toBeGreaterThan(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      if (complexity) expect(c.complexity, prompt).toBe(complexity);
      if (category) expect(c.category, prompt).toBe(category);
    }
  });

  it('is sure enough of a one-fact lookup that the router does not escalate it', async () => {
    // Held out by source such lookups are right about 95% of the time; the default escalation threshold is 0.7.
    for (const prompt of ['What is the capital of France?', 'Who wrote Pride and Prejudice?', 'What is the tallest mountain in Japan?']) {
      const c = await classifier.classify(prompt);
      expect(c, prompt).toMatchObject({ complexity: 'simple', category: 'factual' });
      expect(c.confidence, prompt).toBeGreaterThan(0.8);
    }
  });

  it('names the model and the fix when a model folder cannot be loaded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mmrouter-badmodel-'));
    writeFileSync(path.join(dir, 'config.json'), '{"model_type":"bert"}');
    const err = await loadEmbedder(dir).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(new RegExp(`^cannot load embedding model '${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}': `));
    expect(err?.message).toContain('classifier.embeddings.model');
    expect(err?.message).toContain('scripts/build-embedding-model.ts');
    expect(err?.message.split('\n')).toHaveLength(1);
    await expect(loadEmbedder(path.join(dir, 'missing'))).rejects.toThrow(/^cannot load embedding model '.*missing': the model folder .* is missing or incomplete/);
  });

  it('names the folder when a trained classifier is missing', async () => {
    await expect(loadEmbeddingClassifier({ trainedModel: path.join(tmpdir(), 'no-such-trained-model') })).rejects.toThrow(
      /cannot load trained classifier '.*no-such-trained-model': head\.json not found/,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, COMPLEXITIES } from '../src-shared/labels';
import { loadLabeledPrompts } from '../src-main/core/eval/dataset';
import { startApi, type ApiHarness } from './support/api-harness';

let h: ApiHarness;

/** Four prompts from every label cell of the shipped data, as the JSONL a user would drop in. */
function smallJsonl(): string {
  const all = loadLabeledPrompts('eval_data/prompts.yaml');
  const rows = COMPLEXITIES.flatMap((cx) => CATEGORIES.flatMap((cat) => all.filter((r) => r.complexity === cx && r.category === cat).slice(0, 4)));
  return rows.map(({ prompt, complexity, category }) => JSON.stringify({ prompt, complexity, category })).join('\n') + '\n';
}

beforeAll(async () => {
  h = await startApi();
});

afterAll(async () => {
  await h?.close();
});

describe('training from the GUI', () => {
  it('previews a file: usable rows, problems by line, counts per cell', async () => {
    const content = `${smallJsonl()}{"prompt": "bad label", "complexity": "trivial", "category": "code"}\nnot json\n`;
    const preview = await h.client.invoke('train.preview', { fileName: 'mine.jsonl', content });
    expect(preview.format).toBe('jsonl');
    expect(preview.rows).toBe(48);
    expect(preview.errors.map((e) => e.line)).toEqual([49, 50]);
    expect(preview.errors[0]?.message).toMatch(/complexity/);
    expect(preview.counts.complex?.code).toBe(4);
    expect(preview.sample[0]).toMatchObject({ line: 1 });

    await expect(h.client.invoke('train.preview', { fileName: 'mine.txt', content })).rejects.toMatchObject({ code: 'invalid_input', field: 'fileName' });
    await expect(h.client.invoke('train.start', { fileName: 'mine.jsonl', content })).rejects.toMatchObject({ code: 'invalid_input', field: 'content', message: expect.stringMatching(/2 problem\(s\).*line 49/) });
  });

  it('cancels a running job', async () => {
    const { jobId } = await h.client.invoke('train.start', { fileName: 'mine.jsonl', content: smallJsonl() });
    const failed = h.next('train.failed', (f) => f.jobId === jobId);
    await h.client.invoke('train.cancel', { jobId });
    expect(await failed).toMatchObject({ cancelled: true });
    expect(await h.client.invoke('train.get', { jobId })).toMatchObject({ state: 'cancelled', report: null });
    await expect(h.client.invoke('train.activate', { jobId })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('trains with progress, reports against the shipped model, and the activated model routes the next prompt', async () => {
    const csv = `prompt,complexity,category\n${smallJsonl()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: string; complexity: string; category: string })
      .map((r) => `"${r.prompt.replace(/"/g, '""')}",${r.complexity},${r.category}`)
      .join('\n')}\n`;
    const { jobId } = await h.client.invoke('train.start', { fileName: 'mine.csv', content: csv, evalFraction: 0.25, seed: 7 });
    const phases = new Set<string>();
    const off = h.client.on('train.progress', (p) => p.jobId === jobId && phases.add(p.phase));
    const { report } = await h.next('train.done', (d) => d.jobId === jobId, 120_000);
    off();
    expect([...phases]).toEqual(expect.arrayContaining(['embed', 'fit', 'evaluate']));
    expect(report.counts).toEqual({ train: 36, eval: 12 });
    expect(report.trained).toMatchObject({ classifier: 'trained embeddings', n: 12 });
    expect(report.shipped).toMatchObject({ classifier: 'shipped embeddings', n: 12 });
    const confusion = report.trained?.complexity.confusion ?? [];
    expect(confusion).toHaveLength(3);
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(12);

    expect((await h.client.invoke('app.info')).classifier).toBe('rules');
    const activated = await h.client.invoke('train.activate', { jobId });
    expect(activated.modelDir).toContain(jobId);
    expect(await h.client.invoke('app.info')).toMatchObject({ classifier: 'embeddings' });
    expect((await h.client.invoke('train.get', { jobId })).active).toBe(true);
    const preview = await h.client.invoke('playground.classify', { prompt: 'Write a Python function that reverses a list' });
    expect(preview.strategy).toBe('embeddings');
    const { yaml } = await h.client.invoke('config.get');
    expect(yaml).toContain('# my routing config');
    expect(yaml).toContain(`trained_model: ${activated.modelDir}`);
  }, 180_000);
});

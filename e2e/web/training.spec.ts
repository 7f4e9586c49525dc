import { test, expect } from './fixtures';

const FILL = ['France', 'Spain', 'Italy', 'Germany', 'Japan', 'Brazil', 'Canada', 'Egypt', 'Kenya', 'Norway'];
const ANIMALS = ['cat', 'spider', 'horse', 'beetle', 'octopus', 'ant', 'dog', 'crab', 'bird', 'snake'];
const THINGS = ['a list', 'a date', 'an object', 'a number', 'a string', 'an array', 'a map', 'a set', 'a boolean', 'an error'];
const CITIES = ['Lyon', 'Osaka', 'Denver', 'Porto', 'Leeds', 'Perth', 'Graz', 'Turin', 'Quebec', 'Bergen'];

/**
 * Each route cell gets its own kind of prompt, and one twist the rules classifier would never
 * produce: "What is the capital of …?" is labeled complex / creative. A prompt of that kind
 * classified complex / creative can only come from the trained model.
 */
const CELLS: [string, string, (i: number) => string][] = [
  ['simple', 'factual', (i) => `How many legs does a ${ANIMALS[i]} have?`],
  ['simple', 'reasoning', (i) => `If I have ${i + 5} apples and eat two, how many are left?`],
  ['simple', 'creative', (i) => `Suggest a cute name for a pet ${ANIMALS[i]}.`],
  ['simple', 'code', (i) => `How do I print ${THINGS[i]} in JavaScript?`],
  ['medium', 'factual', (i) => `Summarize the history of the railway in ${CITIES[i]}.`],
  ['medium', 'reasoning', (i) => `Weigh renting against buying a flat in ${CITIES[i]} on a teacher's salary.`],
  ['medium', 'creative', (i) => `Write a short story about a ${ANIMALS[i]} who finds a treasure map.`],
  ['medium', 'code', (i) => `Write a SQL query that counts ${THINGS[i]} per customer and month.`],
  ['complex', 'factual', (i) => `Give a detailed technical overview of fusion research in ${CITIES[i]} since 1950.`],
  ['complex', 'reasoning', (i) => `Prove rigorously that every graph with ${i + 3} vertices and no triangle has a bounded number of edges.`],
  ['complex', 'creative', (i) => `What is the capital of ${FILL[i]}?`],
  ['complex', 'code', (i) => `Design a sharded key-value store in Rust with Raft consensus, ${THINGS[i]} snapshots and failover.`],
];

function labeledJsonl(): { text: string; badLine: number } {
  const lines = CELLS.flatMap(([complexity, category, prompt]) => FILL.map((_, i) => JSON.stringify({ prompt: prompt(i), complexity, category })));
  const badLine = 5;
  lines.splice(badLine - 1, 0, JSON.stringify({ prompt: 'Is this labeled right?', complexity: 'hard', category: 'factual' }));
  return { text: lines.join('\n') + '\n', badLine };
}

test('a labeled file dropped on the page trains a classifier that, once activated, classifies the next playground prompt', async ({ page, shoot }) => {
  await page.goto('/#/training');
  await shoot('training-empty');
  const { text, badLine } = labeledJsonl();

  // A real drop event carrying a File, as the OS delivers a dragged file.
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'my-traffic.jsonl', { type: 'application/x-ndjson' }));
    return dt;
  }, text);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });

  await expect(page.getByText('my-traffic.jsonl')).toBeVisible();
  await expect(page.getByTestId('row-errors')).toContainText(`line ${badLine}`);
  const train = page.getByRole('button', { name: 'Train classifier' });
  await expect(train).toBeDisabled();
  await page.getByLabel(/Train on the 120 good rows/).check();
  await train.click();

  await expect(page.getByRole('heading', { name: /Trained on \d+ rows/ })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('confusion')).toHaveCount(4);
  await expect(page.getByRole('region', { name: 'Your model' })).toContainText('Complexity');
  await shoot('training-result');

  await page.getByRole('button', { name: 'Activate for routing' }).click();
  await expect(page.getByText('Routing with this model')).toBeVisible();

  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByLabel('Prompt').fill('What is the capital of Portugal?');
  const preview = page.getByTestId('classify-preview');
  await expect(preview).toContainText('complex');
  await expect(preview).toContainText('creative');
  await expect(preview).not.toContainText('by rules');
  await expect(page.getByTestId('preview-model')).toHaveText('gpt-4.1');
});

import { test, expect } from './fixtures';

test('a prompt routed in the playground shows its answer and decision, then appears in the analytics log with its cost', async ({ page, shoot }) => {
  await page.goto('/#/playground');
  const prompt = `What is the capital of France? (e2e ${Date.now()})`;
  await page.getByLabel('Prompt').fill(prompt);

  // The preview classifies as the user types, before anything is sent.
  const preview = page.getByTestId('classify-preview');
  await expect(preview).toContainText('simple');
  await expect(page.getByTestId('preview-model')).toHaveText('claude-haiku-4-5');

  await page.getByRole('button', { name: 'Send' }).click();
  const run = page.getByTestId('run').first();
  await expect(run.getByTestId('run-facts')).toBeVisible();
  await expect(run).toContainText('claude-haiku-4-5');
  await expect(run.getByRole('heading', { name: 'Attempts' })).toBeVisible();
  const cost = (await run.getByTestId('run-cost').innerText()).split(' ')[0] ?? '';
  expect(cost).toMatch(/^\$0\.\d+$/);

  const feedback = run.getByRole('group', { name: 'Feedback on this answer' });
  await feedback.getByRole('button', { name: 'Good', exact: true }).click();
  await expect(feedback.getByRole('button', { name: 'Good', exact: true })).toHaveAttribute('aria-pressed', 'true');

  // Side by side on another model.
  await page.getByLabel('Run again on').selectOption('gpt-4.1');
  await page.getByRole('button', { name: 'Compare side by side' }).click();
  await expect(page.getByTestId('run')).toHaveCount(2);
  await expect(page.getByTestId('run').nth(1).getByTestId('run-facts')).toContainText('gpt-4.1');
  await shoot('playground');

  await page.getByRole('link', { name: 'Analytics' }).click();
  await page.getByPlaceholder(/Search prompts/).fill(prompt.slice(-18));
  // Both runs are logged; the routed one with its labels, model and the cost the playground showed.
  const rows = page.getByTestId('request-log').locator('tbody tr.clickable');
  await expect(rows).toHaveCount(2);
  const routed = rows.filter({ hasText: 'claude-haiku-4-5' });
  await expect(routed).toContainText(prompt);
  await expect(routed).toContainText('simple / factual');
  await expect(routed).toContainText(cost);
  await routed.click();
  const detail = page.getByTestId('request-detail');
  await expect(detail).toContainText('claude-haiku-4-5');
  await expect(detail).toContainText('good');
  await shoot('analytics');
});

test('a slow answer can be stopped, and the playground is ready for the next prompt', async ({ page, dashboard }) => {
  await page.goto('/#/playground');
  dashboard.mock.enqueue({ kind: 'delay', ms: 30_000 });
  await page.getByLabel('Prompt').fill('What is the tallest mountain in Africa?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('streaming…')).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run').getByRole('alert')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
});

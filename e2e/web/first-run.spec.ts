import { test, expect } from './fixtures';

test.use({ providerKeys: false });

test('a new user without a key sees what to do, and demo mode answers with one click and says so', async ({ page, shoot }) => {
  const response = await page.goto('/#/analytics');
  // The page may load only its own scripts, whatever a config or a prompt contains.
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByText('No requests in this range yet')).toBeVisible();
  await shoot('analytics-empty');

  await page.getByRole('button', { name: 'Open the Playground' }).click();
  await expect(page.getByText('No provider key is set.')).toBeVisible();
  await expect(page.getByText('No answer yet')).toBeVisible();
  await shoot('playground-empty');

  await page.getByRole('button', { name: 'Try demo mode' }).click();
  await expect(page.getByText('Demo mode.', { exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo mode: simulated answers');

  await page.getByRole('button', { name: 'What is the capital of France?' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  const run = page.getByTestId('run').first();
  await expect(run.getByTestId('run-facts')).toContainText('simulator');
  await expect(run).toContainText('simulated');
  await shoot('playground-demo');

  await page.getByRole('button', { name: 'Leave demo mode' }).first().click();
  await expect(page.getByText('No provider key is set.')).toBeVisible();
});

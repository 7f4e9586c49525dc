import type { Page } from '@playwright/test';
import { test, expect, readText } from './fixtures';

/** Replaces the editor's whole text the way a paste does (no auto-indent). */
async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

test('a config error shows at its line, an invalid save is refused, and a valid one applies and keeps the comments', async ({ page, dashboard, shoot }) => {
  await page.goto('/#/config');
  const original = readText(dashboard.configPath);
  await expect(page.locator('.cm-content')).toContainText('# e2e config: the mock upstream answers');

  // An unknown model in one route cell: the core's own message, at that line.
  const broken = original.replace('simple:\n    factual: { model: claude-haiku-4-5', 'simple:\n    factual: { model: claude-haiku-9');
  const badLine = lineOf(broken, 'claude-haiku-9');
  expect(badLine).toBeGreaterThan(0);
  await setEditorText(page, broken);
  const problems = page.getByTestId('problems');
  await expect(problems).toContainText(`line ${badLine}`);
  await expect(problems).toContainText('claude-haiku-9');
  await expect(page.locator('.cm-line').nth(badLine - 1).locator('.cm-lintRange-error')).toHaveCount(1);
  await shoot('config-error');

  await page.getByRole('button', { name: 'Save and apply' }).click();
  await expect(page.getByTestId('save-status')).toContainText('Not saved');
  expect(readText(dashboard.configPath)).toBe(original);

  // Fixed, with a comment of the user's own and a changed threshold.
  const fixed = original.replace('  threshold: 0.5', '  # raised after looking at the playground\n  threshold: 0.55');
  await setEditorText(page, fixed);
  await expect(page.getByText('None: this config is valid.')).toBeVisible();
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await expect(page.getByTestId('save-status')).toContainText('Saved');
  const onDisk = readText(dashboard.configPath);
  expect(onDisk).toContain('# raised after looking at the playground');
  expect(onDisk).toContain('# e2e config: the mock upstream answers as Anthropic and as OpenAI.');
  expect(onDisk).toContain('# mock, not the real API');

  // The route table edits the same document: one cell changes, comments stay.
  await page.getByRole('button', { name: 'Route table' }).click();
  await page.getByLabel('Model for simple code prompts').selectOption('gpt-4.1');
  await shoot('config-routes');
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await expect(page.getByTestId('save-status')).toContainText('Saved');
  const afterForm = readText(dashboard.configPath);
  expect(afterForm).toContain('    code: { model: gpt-4.1, fallbacks: [gpt-4o-mini] }');
  expect(afterForm).toContain('# raised after looking at the playground');

  // Applied without a restart: the playground now routes simple code prompts to the new cell.
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByLabel('Prompt').fill('Write a Python function that reverses a string.');
  await expect(page.getByTestId('classify-preview')).toContainText('simple');
  await expect(page.getByTestId('classify-preview')).toContainText('code');
  await expect(page.getByTestId('preview-model')).toHaveText('gpt-4.1');
});

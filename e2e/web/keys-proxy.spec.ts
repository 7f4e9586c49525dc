import { test, expect } from './fixtures';

async function modelsAnswer(proxyUrl: string): Promise<number | 'refused'> {
  try {
    return (await fetch(`${proxyUrl}/v1/models`)).status;
  } catch {
    return 'refused';
  }
}

test('the proxy switch stops and starts the local proxy: /v1/models stops and starts answering', async ({ page, dashboard, shoot }) => {
  await page.goto('/#/keys');
  const toggle = page.getByRole('switch');
  await expect(toggle).toBeChecked();
  await expect(page.getByTestId('proxy-url')).toHaveText(`${dashboard.proxyUrl}/v1`);
  expect(await modelsAnswer(dashboard.proxyUrl)).toBe(200);
  await shoot('keys');

  await toggle.uncheck();
  await expect(toggle).not.toBeChecked();
  await expect(page.getByText('Proxy off')).toBeVisible();
  await expect.poll(() => modelsAnswer(dashboard.proxyUrl)).toBe('refused');

  await toggle.check();
  await expect(toggle).toBeChecked();
  await expect.poll(() => modelsAnswer(dashboard.proxyUrl)).toBe(200);
  await expect(page.getByTestId('proxy-url')).toBeVisible();
});

test('provider keys are listed by the variable they come from, and a key typed in is never shown back', async ({ page }) => {
  await page.goto('/#/keys');
  const keys = page.getByRole('region', { name: 'Provider keys' });
  await expect(keys).toContainText('ANTHROPIC_API_KEY');
  await expect(keys).toContainText('OPENAI_API_KEY');
  const secret = 'sk-typed-in-the-gui-0123456789';
  const input = page.getByLabel('API key for openai');
  await input.fill(secret);
  await keys.getByRole('button', { name: 'Save key' }).nth(1).click();
  await expect(input).toHaveValue('');
  await expect(page.locator('body')).not.toContainText(secret);
  expect(await page.content()).not.toContain(secret);
});

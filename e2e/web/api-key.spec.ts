import { test, expect } from './fixtures';

const KEY = 'mmr-e2e-dashboard-key-0123456789';
test.use({ dashboardApiKey: KEY });

test('a dashboard started with MMROUTER_API_KEY asks for it, refuses a wrong one and opens with the right one', async ({ page }) => {
  await page.goto('/#/analytics');
  const key = page.getByLabel('API key');
  await expect(key).toBeFocused();
  await key.fill('not-the-key-at-all');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('refused');

  await key.fill(KEY);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Analytics' })).toBeVisible();
  // Later calls carry the key: the proxy's state arrives.
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Proxy on');

  // The key stays for this tab's session, not beyond it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Analytics' })).toBeVisible();
  const fresh = await page.context().browser()!.newPage();
  await fresh.goto(page.url());
  await expect(fresh.getByLabel('API key')).toBeVisible();
  await fresh.close();
});

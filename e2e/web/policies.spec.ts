import { once } from 'node:events';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, apiCall, readText } from './fixtures';

/** A routing config sending every cell to one of the dashboard config's models. */
function variantFile(dir: string, name: string, model: string, openaiBaseUrl: string): string {
  const cells = ['factual', 'reasoning', 'creative', 'code'].map((c) => `    ${c}: ${model}`).join('\n');
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `providers:\n  openai: { base_url: ${openaiBaseUrl} }\nmodels:\n  ${model}: { provider: openai }\nroutes:\n  simple:\n${cells}\n  medium:\n${cells}\n  complex:\n${cells}\n`);
  return path;
}

test('an experiment created from two configs is listed with its per-variant status, then stopped', async ({ page, dashboard, shoot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-e2e-exp-'));
  const control = variantFile(dir, 'big', 'gpt-4.1', dashboard.mock.openaiBaseUrl);
  const treatment = variantFile(dir, 'mini', 'gpt-4o-mini', dashboard.mock.openaiBaseUrl);
  await page.goto('/#/experiments');
  await expect(page.getByText('No experiments yet')).toBeVisible();

  // A split outside 0..1 cannot be sent; a config with models the serving config lacks is refused naming the field.
  await page.getByLabel('Name', { exact: true }).fill('mini-vs-41');
  await page.getByLabel('Control', { exact: true }).fill('budget');
  await page.getByLabel('Treatment', { exact: true }).fill(treatment);
  await page.getByLabel('Share to treatment').fill('1.5');
  await expect(page.getByRole('button', { name: 'Start experiment' })).toBeDisabled();
  await page.getByLabel('Share to treatment').fill('0.3');
  await page.getByRole('button', { name: 'Start experiment' }).click();
  await expect(page.getByRole('alert')).toContainText(/control: .*budget\.yaml.*claude-sonnet-4-6/);
  await expect(page.getByLabel('Control', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Control', { exact: true }).fill(control);
  await page.getByRole('button', { name: 'Start experiment' }).click();
  const card = page.getByTestId('experiment-mini-vs-41');
  await expect(card).toContainText('running');
  await expect(card).toContainText('30% to treatment');
  await expect(card.locator('tbody tr')).toHaveCount(2);

  // Traffic through the proxy is split between the variants and shows in the status.
  for (let i = 0; i < 6; i++) {
    const res = await page.request.post(`${dashboard.proxyUrl}/v1/chat/completions`, { data: { model: 'auto', messages: [{ role: 'user', content: `What is the capital of country number ${i}?` }] } });
    expect(res.ok()).toBe(true);
  }
  // The request log writes behind, so the counts arrive within a flush.
  await expect(async () => {
    await page.reload();
    await expect(card.locator('tbody tr')).toHaveCount(2);
    const counts = await card.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(6);
  }).toPass();
  await expect(card.getByTestId('verdict')).toContainText(/Significant|Not yet|No difference/);
  await shoot('experiments');

  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card).toContainText('stopped');
  await expect(card.getByRole('button', { name: 'Stop' })).toHaveCount(0);
});

test('a test alert reaches a local webhook and appears in the alert history', async ({ page, shoot }) => {
  const bodies: unknown[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const address = receiver.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    await page.goto('/#/alerts');
    await expect(page.getByText('Alerts are off')).toBeVisible();
    await page.getByLabel('Webhook URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Send test alert' }).click();
    await expect(page.getByRole('status')).toContainText('http:// or https://');

    await page.getByLabel('Webhook URL').fill(`http://127.0.0.1:${port}/hook`);
    await page.getByRole('button', { name: 'Send test alert' }).click();
    await expect(page.getByRole('status')).toContainText(`Delivered to webhook:127.0.0.1:${port}`);
    expect(bodies).toEqual([expect.objectContaining({ source: 'mmrouter', kind: 'test', severity: 'info' })]);
    const history = page.getByRole('region', { name: 'Alert history' });
    await expect(history).toContainText('test alert from mmrouter');
    await expect(history).toContainText(`webhook:127.0.0.1:${port}`);
    await expect(page.getByRole('region', { name: 'Alert rules' })).toContainText('cooling down until');
    await shoot('alerts');
  } finally {
    receiver.close();
  }
});

test('the budget gauge shows the spend of a routed request against a small daily limit', async ({ page, dashboard, shoot }) => {
  await page.goto('/#/budget');
  await expect(page.getByTestId('budget-empty')).toContainText('configs/budget.yaml');

  const original = readText(dashboard.configPath);
  const withBudget = `${original}\nbudget:\n  enabled: true\n  daily_limit_usd: 0.05\n  timezone: UTC\n`;
  const saved = await apiCall<{ saved: boolean }>(page, 'config.save', { yaml: withBudget });
  expect(saved.saved).toBe(true);
  try {
    // Claude Haiku 4.5 at $1/$5 per million: 1,000 tokens in and out cost $0.006, 12% of the limit.
    dashboard.mock.enqueue({ kind: 'reply', reply: { text: 'Rome.', usage: { input: 1000, output: 1000 } } });
    const res = await page.request.post(`${dashboard.proxyUrl}/v1/chat/completions`, { data: { model: 'auto', max_tokens: 50, messages: [{ role: 'user', content: 'What is the capital of Italy?' }] } });
    expect(res.ok()).toBe(true);
    await page.reload();
    const daily = page.getByTestId('budget-daily');
    await expect(daily).toContainText('$0.006 of $0.05');
    await expect(daily.getByRole('meter')).toHaveAttribute('aria-valuenow', '12');
    await expect(daily).toContainText('normal');
    await shoot('budget');
  } finally {
    await apiCall(page, 'config.save', { yaml: original });
  }
});

test('Analytics shows the budget gauge and a breaker opening as it happens, without a reload', async ({ page, dashboard, shoot }) => {
  await page.goto('/#/analytics');
  const overview = page.getByTestId('policy-overview');
  await expect(overview.getByTestId('budget-empty')).toContainText('configs/budget.yaml');
  await expect(overview.getByTestId('breakers-closed')).toContainText('all closed');

  const original = readText(dashboard.configPath);
  const withPolicies = `${original}\nbudget:\n  enabled: true\n  daily_limit_usd: 0.05\n  timezone: UTC\nbreaker:\n  failure_threshold: 2\n  cooldown_ms: 600000\n`;
  expect((await apiCall<{ saved: boolean }>(page, 'config.save', { yaml: withPolicies })).saved).toBe(true);
  try {
    // The saved config reaches the open page as an event: the gauge replaces the empty state.
    const daily = overview.getByTestId('budget-daily');
    await expect(daily).toContainText('of $0.05');
    // Today's spend so far (an earlier test may have spent some), in percent of the limit.
    const percent = async () => Number(await daily.getByRole('meter').getAttribute('aria-valuenow'));
    const before = await percent();

    // Claude Haiku fails twice: its breaker and its provider's open, the fallback answers.
    // GPT-4o mini at $0.15/$0.60 per million: 10,000 tokens in and out cost $0.0075, 15% of the
    // limit (the second answer adds a few hundredths of a cent).
    dashboard.mock.enqueue({ kind: 'status', status: 500 }, { model: 'claude-haiku-4-5', times: 1000 });
    dashboard.mock.enqueue({ kind: 'reply', reply: { text: 'Madrid.', usage: { input: 10_000, output: 10_000 } } }, { model: 'gpt-4o-mini' });
    for (let i = 0; i < 2; i++) {
      const res = await page.request.post(`${dashboard.proxyUrl}/v1/chat/completions`, { data: { model: 'auto', max_tokens: 50, messages: [{ role: 'user', content: 'What is the capital of Spain?' }] } });
      expect(res.headers()['x-mmrouter-model']).toBe('gpt-4o-mini');
    }
    const tripped = overview.getByTestId('breakers-tripped');
    await expect(tripped.getByRole('listitem').filter({ hasText: 'claude-haiku-4-5' })).toContainText('open');
    await expect(tripped.getByRole('listitem').filter({ hasText: 'anthropic' })).toContainText('provider');
    await expect.poll(percent).toBeGreaterThanOrEqual(before + 14);
    expect(await percent()).toBeLessThanOrEqual(before + 16);
    // The request log's own event (stats.changed) brings the new rows, and with them the settled spend.
    await expect(page.getByTestId('request-log')).toContainText('What is the capital of Spain?');
    await expect(daily).not.toContainText('held by requests in flight');
    await shoot('analytics-policies');

    await overview.getByRole('button', { name: /Budget & breakers/ }).click();
    await expect(page.getByRole('region', { name: 'Circuit breakers' }).getByRole('row', { name: /claude-haiku-4-5/ })).toContainText('open');
  } finally {
    dashboard.mock.reset();
    await apiCall(page, 'config.save', { yaml: original });
  }
});

test('an alert fired by a breaker opening appears on the open Alerts page, without a reload', async ({ page, dashboard }) => {
  await page.goto('/#/alerts');
  const history = page.getByRole('region', { name: 'Alert history' });
  await expect(page.getByRole('region', { name: 'Alert rules' })).toBeVisible();

  const original = readText(dashboard.configPath);
  const withAlerts = `${original}\nbreaker:\n  failure_threshold: 1\n  cooldown_ms: 600000\nalerts:\n  enabled: true\n  log: false\n`;
  expect((await apiCall<{ saved: boolean }>(page, 'config.save', { yaml: withAlerts })).saved).toBe(true);
  try {
    await expect(page.getByText('Alerts are off')).toHaveCount(0);
    dashboard.mock.enqueue({ kind: 'status', status: 503 }, { model: 'claude-haiku-4-5', times: 1000 });
    const res = await page.request.post(`${dashboard.proxyUrl}/v1/chat/completions`, { data: { model: 'auto', max_tokens: 50, messages: [{ role: 'user', content: 'What is the capital of Peru?' }] } });
    expect(res.ok()).toBe(true);
    const row = history.getByRole('row', { name: /breaker:model:claude-haiku-4-5/ });
    await expect(row).toContainText('circuit breaker opened for model claude-haiku-4-5');
    await expect(row).toContainText('warning');
  } finally {
    dashboard.mock.reset();
    await apiCall(page, 'config.save', { yaml: original });
  }
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src-main/core/config/load';
import { BudgetCalendar } from '../src-main/core/policies/budget/calendar';
import { BudgetPolicy } from '../src-main/core/policies/budget/guard';
import { createPricing, pricedModels } from '../src-main/core/pricing/prices';
import type { BudgetLedger } from '../src-main/core/tracker/ports';
import type { RouteDecision } from '../src-shared/routing';
import { SqliteBudgetLedger } from '../src-main/core/tracker/sqlite/budget-ledger';
import { openDatabase } from '../src-main/core/tracker/sqlite/database';
import { describeBudgetLedgerContract } from './contract/budget-ledger.contract';
import { runCli } from './support/cli';
import { BIG, DEFAULT_ROUTES, HAIKU, MINI, PRICES, startPolicyProxy, type PolicyProxy } from './support/policy-harness';

const TTL = 60_000;
describeBudgetLedgerContract('sqlite', TTL, async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'mmrouter-ledger-')), 'ledger.db');
  let now = Date.UTC(2026, 10, 26, 12);
  const open = () => new SqliteBudgetLedger(openDatabase(path), { flushIntervalMs: 60_000, holdTtlMs: TTL, now: () => now });
  const ledgers = [open()];
  return {
    ledger: ledgers[0]!,
    async reopen() {
      ledgers.push(open());
      return ledgers.at(-1)!;
    },
    advance: (ms) => (now += ms),
    close: async () => void (await Promise.all(ledgers.map((l) => l.close()))),
  };
});

describe('sqlite budget ledger', () => {
  it('still reports an ended window after it stopped tracking it: the spend comes back from the database', async () => {
    const ledger = new SqliteBudgetLedger(openDatabase(join(mkdtempSync(join(tmpdir(), 'mmrouter-ledger-')), 'ledger.db')), { flushIntervalMs: 60_000 });
    const monday = [{ key: 'day:2026-11-23', limitUsd: 10 }];
    const tuesday = [{ key: 'day:2026-11-24', limitUsd: 10 }];
    const held = ledger.reserve(monday, 2);
    if (!held.ok) throw new Error('the hold should fit');
    ledger.settle(held.id, 1.25);
    await ledger.flush();
    expect(ledger.reserve(tuesday, 1).ok).toBe(true);
    // Monday is no longer named, and nothing of it is pending or held: this flush forgets it.
    await ledger.flush();
    expect(ledger.spend(['day:2026-11-23', 'day:2026-11-24'])).toEqual([
      { key: 'day:2026-11-23', spentUsd: 1.25, reservedUsd: 0 },
      { key: 'day:2026-11-24', spentUsd: 0, reservedUsd: 1 },
    ]);
    await ledger.close();
  });
});

describe('budget calendar', () => {
  it('names days and months in the configured zone and resets at its local midnight, across DST', () => {
    const kiritimati = new BudgetCalendar('Pacific/Kiritimati'); // UTC+14: already tomorrow
    const t = Date.UTC(2026, 10, 26, 11);
    expect(kiritimati.day(t)).toEqual({ key: 'day:2026-11-27', resetsAt: Date.UTC(2026, 10, 27, 10) });
    const berlin = new BudgetCalendar('Europe/Berlin');
    // The day DST starts: midnight after it is at UTC+2.
    expect(berlin.day(Date.UTC(2026, 2, 29, 12))).toEqual({ key: 'day:2026-03-29', resetsAt: Date.UTC(2026, 2, 29, 22) });
    expect(new BudgetCalendar('Europe/Berlin').month(Date.UTC(2026, 9, 15))).toEqual({ key: 'month:2026-10', resetsAt: Date.UTC(2026, 9, 31, 23) });
    expect(berlin.describe(Date.UTC(2026, 2, 29, 22))).toBe('2026-03-30 00:00 Europe/Berlin');
  });
});

describe('budget over a ledger that answers later', () => {
  // A ledger on a shared server answers with promises; SQLite's answers at once. Both must hold,
  // refuse and settle alike, also when requests interleave while the ledger is answering.
  it('holds and refuses the same as the in-memory ledger when every call is a promise', async () => {
    const models = Object.entries(PRICES).map(([name, p]) => `  ${name}: { provider: openai, pricing: ${JSON.stringify(p)} }`).join('\n');
    const { config } = parseConfig(`providers:\n  openai: {}\nmodels:\n${models}\n${DEFAULT_ROUTES}budget: { enabled: true, daily_limit_usd: 0.05, timezone: UTC }\n`, 'budget.yaml', {});
    const local = new SqliteBudgetLedger(openDatabase(join(mkdtempSync(join(tmpdir(), 'mmrouter-ledger-')), 'ledger.db')), { flushIntervalMs: 60_000 });
    const later = <T>(value: () => T): Promise<T> => new Promise((resolve) => setImmediate(() => resolve(value())));
    const remote: BudgetLedger = {
      reserve: (w, amount, opts) => later(() => local.reserve(w, amount, opts)),
      settle: (id, usd) => later(() => local.settle(id, usd)),
      release: (id) => later(() => local.release(id)),
      spend: (keys) => later(() => local.spend(keys)),
      flush: () => local.flush(),
      close: () => local.close(),
    };
    const errors: Error[] = [];
    const guard = new BudgetPolicy(config, remote, createPricing(pricedModels(config)), (e) => errors.push(e));
    const decision = (): RouteDecision => ({ requestId: 'r', requestedModel: 'auto', candidates: [], attempts: [], escalated: false, fallback: false, reasons: [] });
    const chat = { messages: [{ role: 'user' as const, content: SIMPLE }], maxTokens: 1000 };

    const planned = guard.plan(decision());
    expect(planned).toBeInstanceOf(Promise);
    expect(await planned).toBe('normal');
    // gpt-4.1 at $8 per million output tokens holds ~$0.008 per attempt: six fit under $0.05.
    const decisions = Array.from({ length: 10 }, decision);
    const holds = await Promise.all(decisions.map((d) => guard.reserve(BIG, chat, d)));
    const held = holds.filter((h) => h !== undefined);
    expect(held).toHaveLength(6);
    expect(decisions.filter((d) => d.policies?.budgetSkipped?.includes(BIG))).toHaveLength(4);
    for (const h of held) guard.settle(h, 0.001);
    await new Promise((resolve) => setImmediate(resolve));
    const [day] = await remote.spend([new BudgetCalendar('UTC').day(Date.now()).key]);
    expect(day).toMatchObject({ reservedUsd: 0 });
    expect(day!.spentUsd).toBeCloseTo(0.006, 9);
    expect(errors).toEqual([]);
    await remote.close();
  });
});

const SIMPLE = 'What is the capital of France?';
const COMPLEX =
  'Write a three-act screenplay about a chess prodigy, with a detailed outline of every scene, character arcs for five characters, recurring visual motifs, and a final act that must resolve two subplots at once.';

function cost(model: string, input: number, output: number): number {
  const p = PRICES[model]!;
  return (input * p.input + output * p.output) / 1e6;
}

describe('budget through the proxy', () => {
  let p: PolicyProxy;
  afterEach(() => p.close());

  /** Spend recorded by another process on the same database, as `mmrouter route` beside `serve` would. */
  async function spendElsewhere(usd: number): Promise<void> {
    const day = new BudgetCalendar('UTC').day(Date.now());
    const r = await p.reader.budget.reserve([{ key: day.key, limitUsd: 1e9 }], usd);
    if (!r.ok) throw new Error('expected a hold');
    await p.reader.budget.settle(r.id, usd);
    await p.reader.budget.flush();
    // The router's ledger re-reads the totals every flush interval (20 ms here).
    await new Promise((r) => setTimeout(r, 100));
  }

  it('never lets concurrent requests, fallbacks included, spend past the limit by more than one request', async () => {
    const limit = 0.05;
    p = await startPolicyProxy(`budget: { enabled: true, daily_limit_usd: ${limit}, on_exceeded: reject, timezone: UTC }`);
    // Every answer costs 80% of its worst case; one call in five fails first, so its fallback reserves again.
    p.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.', usage: { input: 20, output: 800 } } }, { times: 10_000 });
    for (let i = 0; i < 12; i++) p.mock.enqueue({ kind: 'status', status: 500 }, { model: HAIKU });
    const outcomes = await Promise.all(
      Array.from({ length: 80 }, async (_, i) => {
        try {
          const messages = [{ role: 'user' as const, content: SIMPLE }];
          if (i % 2 === 0) {
            const { response } = await p.openai.chat.completions.create({ model: 'auto', messages, max_tokens: 1000 }).withResponse();
            return { ok: true, id: response.headers.get('x-mmrouter-request-id')! };
          }
          const stream = await p.openai.chat.completions.create({ model: 'auto', messages, max_tokens: 1000, stream: true });
          let id = '';
          for await (const chunk of stream) id ||= chunk.id;
          return { ok: true, id };
        } catch (err) {
          return { ok: false, err: err as InstanceType<typeof OpenAI.APIError> };
        }
      }),
    );
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) {
      expect(o.err).toBeInstanceOf(OpenAI.RateLimitError);
      expect(o.err!.status).toBe(429);
      expect(o.err!.error).toMatchObject({ type: 'insufficient_quota', message: expect.stringMatching(/daily (limit|budget).*\$0\.05.*resets at \d{4}-\d\d-\d\d 00:00 UTC/) });
    }
    await p.reader.log.flush();
    await new Promise((r) => setTimeout(r, 200));
    const spent = p.reader.log.summary().totalCostUsd;
    // The worst case of one request: the prompt as gpt-tokenizer counts it, 1000 output tokens, the dearest model tried.
    const oneRequest = cost(HAIKU, 40, 1000);
    expect(spent).toBeGreaterThan(limit * 0.5);
    expect(spent).toBeLessThanOrEqual(limit + oneRequest);
    const { totalCostUsd } = p.reader.log.summary();
    expect(p.reader.log.summary({}).requests).toBe(80);
    expect(totalCostUsd).toBeCloseTo(spent, 12);
    const fallbacks = p.reader.log.recent({ limit: 100 }).filter((r) => r.status === 'ok' && r.model === MINI);
    expect(fallbacks.length).toBeGreaterThan(0);
  });

  it('warns, then routes a tier down, then refuses in the Anthropic error shape once the limit is spent', async () => {
    p = await startPolicyProxy('budget: { enabled: true, daily_limit_usd: 1, warn_at: 0.5, downgrade_at: 0.8, on_exceeded: reject, timezone: UTC }');
    const ask = async () => {
      const { response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: COMPLEX }], max_tokens: 100 }).withResponse();
      return { tier: response.headers.get('x-mmrouter-complexity'), model: response.headers.get('x-mmrouter-model'), policies: response.headers.get('x-mmrouter-policies') };
    };
    expect(await ask()).toEqual({ tier: 'complex', model: BIG, policies: null });
    await spendElsewhere(0.6);
    expect(await ask()).toEqual({ tier: 'complex', model: BIG, policies: 'budget=warn' });
    await spendElsewhere(0.25);
    expect(await ask()).toEqual({ tier: 'medium', model: MINI, policies: 'budget=downgrade' });
    await spendElsewhere(0.2);
    const anthropic = new Anthropic({ apiKey: 'unused', baseURL: p.server.url, maxRetries: 2 });
    const before = p.mock.requests.length;
    const err = await anthropic.messages.create({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: SIMPLE }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringMatching(/the daily budget is used up: \$1\.\d\d spent of the daily limit of \$1\.00; it resets at .* UTC/) } });
    // Refused without any upstream call, and the SDK was told not to retry.
    expect(p.mock.requests.length).toBe(before);
    expect(Number((err as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after'))).toBeGreaterThan(0);

    // What stats --detailed shows from another process: the budget's standing and the modes requests were routed in.
    const res = await runCli(['-c', p.configPath, '--json', 'stats', '--detailed'], { env: { HOME: p.dir } });
    const detail = (JSON.parse(res.stdout) as { detail: { budget: { windows: { window: string; mode: string; limitUsd: number }[] }; policies: { budgetModes: { mode: string; requests: number }[] } } }).detail;
    expect(detail.budget.windows).toEqual([expect.objectContaining({ window: 'daily', mode: 'over', limitUsd: 1 })]);
    expect(detail.policies.budgetModes.map((m) => m.mode).sort()).toEqual(['downgrade', 'over', 'warn']);
  });

  it('sends every request to the cheapest model once over the limit when so configured', async () => {
    p = await startPolicyProxy('budget: { enabled: true, daily_limit_usd: 0.5, on_exceeded: cheapest, timezone: UTC }');
    await spendElsewhere(0.6);
    const { response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: COMPLEX }] }).withResponse();
    expect(response.headers.get('x-mmrouter-model')).toBe(MINI);
    expect(response.headers.get('x-mmrouter-policies')).toBe('budget=over');
  });
});

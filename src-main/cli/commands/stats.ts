import type { Command } from 'commander';
import type { Config } from '../../../src-shared/config-schema';
import { BudgetPolicy, type BudgetStatus } from '../../core/policies/budget/guard';
import { createPricing, pricedModels } from '../../core/pricing/prices';
import { openTracker, type Tracker } from '../../core/tracker';
import { EVALUATION_SOURCES, type DailyCost, type DistributionRow, type LatencyPercentiles, type PolicyActivity, type RequestLogReader, type Summary } from '../../core/tracker/ports';
import { globals, loadCliConfig, printJson } from '../context';
import { CliError } from '../exit';
import { pct, table, usd } from '../format';

interface StatsOptions {
  detailed?: boolean;
  days: number;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('What routing cost and saved, from the request log')
    .option('-d, --detailed', 'add daily cost, savings, distributions and latency percentiles')
    .option('--days <n>', 'window for --detailed and the summary', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new CliError(`--days must be a positive whole number, got '${v}'`);
      return n;
    }, 30)
    .action(async (opts: StatsOptions, cmd: Command) => {
      const loaded = loadCliConfig(cmd);
      const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms });
      try {
        const report = buildReport(tracker.log, opts);
        if (report.detail) report.detail.budget = await budgetStatus(loaded.config, tracker);
        if (globals(cmd).json) printJson({ database: loaded.databasePath, ...report });
        else process.stdout.write(`${formatReport(report, loaded.databasePath)}\n`);
      } finally {
        await tracker.close();
      }
    });
}

interface Report {
  days: number;
  summary: Summary;
  detail?: Detail;
}

interface Detail {
  daily: DailyCost[];
  byComplexity: DistributionRow[];
  byCategory: DistributionRow[];
  byModel: DistributionRow[];
  bySource: DistributionRow[];
  latency: LatencyPercentiles;
  /** What evaluation calls cost (left out of the savings). */
  evaluationCostUsd: number;
  policies: PolicyActivity;
  /** Present when a budget is configured. */
  budget?: BudgetStatus;
}

async function budgetStatus(config: Config, tracker: Tracker): Promise<BudgetStatus | undefined> {
  if (!config.budget.enabled) return undefined;
  return new BudgetPolicy(config, tracker.budget, createPricing(pricedModels(config)), () => undefined).status();
}

function buildReport(log: RequestLogReader, opts: StatsOptions): Report {
  const since = Date.now() - opts.days * 86_400_000;
  const summary = log.summary({ since });
  if (!opts.detailed) return { days: opts.days, summary };
  const bySource = log.distribution({ by: 'source', since });
  const evaluation = new Set<string>(EVALUATION_SOURCES);
  return {
    days: opts.days,
    summary,
    detail: {
      daily: log.dailyCost({ days: Math.min(opts.days, 7) }),
      byComplexity: log.distribution({ by: 'complexity', since }),
      byCategory: log.distribution({ by: 'category', since }),
      byModel: log.distribution({ by: 'model', since }),
      bySource,
      latency: log.latencyPercentiles({ since }),
      evaluationCostUsd: bySource.filter((r) => r.key !== null && evaluation.has(r.key)).reduce((sum, r) => sum + r.costUsd, 0),
      policies: log.policyActivity({ since }),
    },
  };
}

function formatReport({ days, summary: s, detail: d }: Report, database: string): string {
  const lines = [
    `Requests:      ${s.requests}${s.errors ? ` (${s.errors} failed)` : ''}   last ${days} days, ${database}`,
    `Total cost:    ${usd(s.totalCostUsd)}`,
    `Baseline cost: ${usd(s.baselineCostUsd)}   (every request on the baseline model)`,
    `Savings:       ${usd(s.savingsUsd)} (${s.savingsPct.toFixed(1)}%)   (evaluation calls excluded)`,
    `Avg latency:   ${Math.round(s.avgLatencyMs)}ms`,
    `Tokens in/out: ${s.tokensIn}/${s.tokensOut}${s.cachedTokens ? ` (${s.cachedTokens} cached)` : ''}`,
    `Fallbacks:     ${s.fallbacks}`,
    `Escalations:   ${s.escalations}`,
  ];
  if (!d) return lines.join('\n');
  const share = (n: number) => (s.requests ? pct(n / s.requests) : '-');
  const dist = (title: string, rows: { key: string | null; requests: number; costUsd: number }[]) =>
    `\n${title}\n${table(['', 'requests', 'share', 'cost'], rows.map((d) => [d.key ?? '(explicit)', d.requests, share(d.requests), usd(d.costUsd)]))}`;
  lines.push(
    `\nDaily cost\n${table(['day', 'requests', 'cost', 'baseline', 'saved'], d.daily.map((d) => [d.day, d.requests, usd(d.costUsd), usd(d.baselineCostUsd), usd(d.baselineCostUsd - d.costUsd)]))}`,
    dist('By complexity', d.byComplexity),
    dist('By category', d.byCategory),
    dist('By model', d.byModel),
    dist('By source (cli, proxy, classifier and quality calls)', d.bySource),
    `\nLatency: p50 ${Math.round(d.latency.p50)}ms  p95 ${Math.round(d.latency.p95)}ms  p99 ${Math.round(d.latency.p99)}ms${d.latency.ttftP50 !== undefined ? `  TTFT p50 ${Math.round(d.latency.ttftP50)}ms` : ''}`,
    `Evaluation spend: ${usd(d.evaluationCostUsd)} (quality replays and judging, LLM-classifier calls, eval runs; in the total cost, not in the savings)`,
    ...formatPolicies(d),
  );
  return lines.join('\n');
}

function formatPolicies(d: Detail): string[] {
  const p = d.policies;
  const out: string[] = [];
  if (p.cascade.length) out.push(`\nCascade acceptance\n${table(['tier', 'model', 'answers', 'accepted', 'rate'], p.cascade.map((c) => [c.tier, c.model, c.answers, c.accepted, pct(c.accepted / c.answers)]))}`);
  if (p.skipped.length) out.push(`\nSkipped without a call\n${table(['policy', 'model', 'requests'], p.skipped.map((x) => [x.policy === 'breaker' ? 'breaker open' : 'over budget', x.model, x.requests]))}`);
  if (d.budget) {
    const rows = d.budget.windows.map((w) => [w.window, usd(w.spentUsd), usd(w.limitUsd), pct(w.fraction), w.mode, new Date(w.resetsAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC']);
    out.push(`\nBudget (${d.budget.timeZone}, past the limit: ${d.budget.onExceeded})\n${table(['window', 'spent', 'limit', 'used', 'mode', 'resets'], rows)}`);
  }
  if (p.budgetModes.length) out.push(`\nRequests by budget mode\n${table(['mode', 'requests'], p.budgetModes.map((m) => [m.mode, m.requests]))}`);
  if (p.experiments.length) out.push(`\nExperiment assignments\n${table(['experiment', 'variant', 'requests'], p.experiments.map((e) => [e.experiment, e.variant, e.requests]))}`);
  if (p.adaptive.length) out.push(`\nAdaptive reroutes\n${table(['from', 'to', 'requests'], p.adaptive.map((a) => [a.from, a.to, a.requests]))}`);
  return out;
}

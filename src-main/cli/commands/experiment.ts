import type { Command } from 'commander';
import { createExperiment } from '../../core/policies/experiments/define';
import { compareVariants, type Comparison, type ExperimentReport, type Interval } from '../../core/policies/experiments/stats';
import { openTracker, type Tracker } from '../../core/tracker';
import { globals, loadCliConfig, printJson } from '../context';
import { CliError } from '../exit';
import { pct, table, usd } from '../format';

export function registerExperiment(program: Command): void {
  const experiment = program.command('experiment').description('A/B test two routing configs on live traffic');

  experiment
    .command('create')
    .description('Start an experiment: each prompt is routed by the control or the treatment config (the same prompt always by the same one)')
    .requiredOption('--name <name>', 'experiment name')
    .requiredOption('--control <file>', 'routing config of the control variant')
    .requiredOption('--treatment <file>', 'routing config of the treatment variant')
    .option('--split <share>', 'share of prompts sent to the treatment, 0 to 1', '0.5')
    .action(async (opts: { name: string; control: string; treatment: string; split: string }, cmd: Command) => {
      const split = Number(opts.split);
      if (opts.split.trim() === '' || !(split >= 0 && split <= 1)) throw new CliError(`--split must be a share from 0 to 1 (0.5 sends half the prompts to the treatment), got '${opts.split}'`);
      await withTracker(cmd, async (tracker, serving) => {
        const def = await createExperiment(tracker.experiments, { name: opts.name, controlPath: opts.control, treatmentPath: opts.treatment, split }, serving);
        process.stdout.write(`Started experiment ${def.name}: ${pct(1 - split)} control (${def.control.path}), ${pct(split)} treatment (${def.treatment.path}).\nA running mmrouter serve picks it up within 5 seconds.\n`);
      });
    });

  experiment
    .command('status')
    .description('Compare the variants: cost per request, latency p50/p95, error rate and thumbs-up rate, with 95% intervals')
    .argument('[name]', 'one experiment (default: all)')
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      await withTracker(cmd, async (tracker) => {
        const defs = name ? [await tracker.experiments.get(name)] : await tracker.experiments.list();
        if (name && !defs[0]) throw new CliError(`no experiment named '${name}'; \`mmrouter experiment status\` lists them`);
        const reports: ExperimentReport[] = [];
        for (const def of defs) if (def) reports.push(compareVariants(def, await tracker.experiments.samples(def.name)));
        if (globals(cmd).json) printJson(reports);
        else process.stdout.write(reports.length ? `${reports.map(formatReport).join('\n\n')}\n` : 'No experiments yet. Start one with `mmrouter experiment create`.\n');
      });
    });

  experiment
    .command('stop')
    .description('Stop an experiment: its prompts go back to the serving config; its results stay')
    .argument('<name>', 'experiment name')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withTracker(cmd, async (tracker) => {
        const def = await tracker.experiments.get(name);
        if (!def) throw new CliError(`no experiment named '${name}'; \`mmrouter experiment status\` lists them`);
        if (!(await tracker.experiments.stop(name, Date.now()))) throw new CliError(`experiment '${name}' was already stopped`);
        process.stdout.write(`Stopped experiment ${name}.\n`);
      });
    });
}

async function withTracker(cmd: Command, fn: (tracker: Tracker, serving: ReturnType<typeof loadCliConfig>['config']) => Promise<void>): Promise<void> {
  const loaded = loadCliConfig(cmd);
  const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms });
  try {
    await fn(tracker, loaded.config);
  } finally {
    await tracker.close();
  }
}

const METRIC_NAMES: Record<Comparison['metric'], string> = {
  cost_per_request: 'cost/request',
  latency_p50: 'latency p50',
  latency_p95: 'latency p95',
  error_rate: 'error rate',
  thumbs_up_rate: 'thumbs-up rate',
};

function formatReport(r: ExperimentReport): string {
  const [c, t] = r.variants;
  const ms = (i: Interval) => `${Math.round(i.estimate)}ms [${Math.round(i.low)}, ${Math.round(i.high)}]`;
  const money = (i: Interval) => `${usd(i.estimate)} [${usd(i.low)}, ${usd(i.high)}]`;
  const rate = (i: Interval | undefined) => (i ? `${pct(i.estimate)} [${pct(i.low)}, ${pct(i.high)}]` : '-');
  const rows = [c, t].map((v) => [v.variant, v.requests, money(v.costPerRequestUsd), ms(v.latencyP50Ms), ms(v.latencyP95Ms), rate(v.errorRate), rate(v.thumbsUpRate)]);
  const diff = (x: Comparison) => {
    const d = x.difference;
    const fmt = x.metric === 'cost_per_request' ? usd : x.metric.startsWith('latency') ? (n: number) => `${Math.round(n)}ms` : (n: number) => pct(n);
    const verdict = x.significant ? 'significant' : x.moreRequestsNeeded !== undefined ? `not significant; ~${x.moreRequestsNeeded} more requests would show it` : 'no difference seen';
    return `  ${METRIC_NAMES[x.metric].padEnd(15)} ${fmt(d.estimate)} [${fmt(d.low)}, ${fmt(d.high)}]  ${verdict}`;
  };
  return [
    `Experiment ${r.name} (${r.running ? 'running' : 'stopped'}, ${pct(r.split)} to treatment)`,
    table(['variant', 'requests', 'cost/request', 'latency p50', 'latency p95', 'error rate', 'thumbs-up'], rows),
    'Treatment minus control (95% interval):',
    ...r.comparisons.map(diff),
  ].join('\n');
}

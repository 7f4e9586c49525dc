import type { Command } from 'commander';
import { alertChannels } from '../../core/alerts/create';
import { checkWebhookUrl, webhookChannel, type WebhookFormat } from '../../core/alerts/channels';
import { openTracker } from '../../core/tracker';
import type { AlertRecord } from '../../core/tracker/ports';
import { globals, loadCliConfig, printJson } from '../context';
import { CliError, EXIT } from '../exit';
import { table } from '../format';

export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('Alerts on cost spikes, error rates, budget thresholds and breakers');

  alerts
    .command('status')
    .description('Show the alert rules, their channels and cooldowns, and the alerts fired recently')
    .option('-n, --limit <n>', 'how many recent alerts to show', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new CliError(`--limit must be a positive whole number, got '${v}'`);
      return n;
    }, 10)
    .action(async (opts: { limit: number }, cmd: Command) => {
      const loaded = loadCliConfig(cmd);
      const c = loaded.config.alerts;
      const channels = alertChannels(c).map((ch) => ch.name);
      const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms });
      try {
        const recent = await tracker.alerts.recent(opts.limit);
        const last = await tracker.alerts.lastFired();
        const now = Date.now();
        const rules = [...last].map(([rule, ts]) => ({ rule, lastFiredAt: ts, quietUntil: ts + c.cooldown_s * 1000 }));
        if (globals(cmd).json) {
          printJson({ enabled: c.enabled, channels, cooldownS: c.cooldown_s, errorRateThreshold: c.error_rate_threshold, costSpikeFactor: c.cost_spike_factor, windowS: c.window_s, rules, recent });
          return;
        }
        const lines = [
          `Alerts:    ${c.enabled ? 'enabled' : 'disabled (set alerts.enabled: true)'}`,
          `Channels:  ${channels.length ? channels.join(', ') : 'none'}`,
          `Rules:     error rate > ${Math.round(c.error_rate_threshold * 100)}% over ${c.window_s} s (at least ${c.min_requests} requests); cost in ${c.window_s} s > ${c.cost_spike_factor}x the trailing hour's; budget thresholds; breaker opened`,
          `Cooldown:  ${c.cooldown_s} s per rule`,
        ];
        if (rules.length) {
          lines.push('', table(['rule', 'last fired', 'quiet until'], rules.map((r) => [r.rule, iso(r.lastFiredAt), r.quietUntil > now ? iso(r.quietUntil) : '-'])));
        }
        lines.push('', recent.length ? `Recent alerts\n${table(['time', 'severity', 'rule', 'message'], recent.map((a) => [iso(a.ts), a.severity, a.rule, a.message]))}` : 'No alerts fired yet.');
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await tracker.close();
      }
    });

  alerts
    .command('test')
    .description('Send a test alert to a webhook now and say whether it arrived')
    .requiredOption('--webhook-url <url>', 'http:// or https:// address of the webhook (Slack incoming webhooks included)')
    .option('--format <format>', 'json (the alert itself) or slack (incoming-webhook message); default: slack for hooks.slack.com, else json')
    .action(async (opts: { webhookUrl: string; format?: string }, cmd: Command) => {
      let url: URL;
      try {
        url = checkWebhookUrl(opts.webhookUrl);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      if (opts.format !== undefined && opts.format !== 'json' && opts.format !== 'slack') throw new CliError(`--format must be json or slack, got '${opts.format}'`);
      const format: WebhookFormat = (opts.format as WebhookFormat | undefined) ?? (url.hostname === 'hooks.slack.com' ? 'slack' : 'json');
      const loaded = loadCliConfig(cmd);
      const channel = webhookChannel(url.href, format);
      const alert: AlertRecord = { ts: Date.now(), rule: 'test', kind: 'test', severity: 'info', message: 'test alert from mmrouter alerts test: this webhook receives mmrouter alerts', details: { config: loaded.path }, channels: [channel.name] };
      try {
        await channel.send(alert, AbortSignal.timeout(10_000));
      } catch (err) {
        const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer within 10 s' : err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
        throw new CliError(`the test alert did not reach ${channel.name}: ${why}`, EXIT.failure);
      }
      const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms });
      try {
        await tracker.alerts.add(alert);
      } finally {
        await tracker.close();
      }
      process.stdout.write(`Delivered a test alert to ${channel.name} (${format} format).\n`);
    });
}

function iso(ts: number): string {
  return new Date(ts).toISOString().replace('T', ' ').slice(0, 19);
}

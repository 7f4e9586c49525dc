import type { Command } from 'commander';
import { checkWebhookUrl, type WebhookFormat } from '../../core/alerts/channels';
import { AlertDeliveryError, alertsOverview, sendTestAlert } from '../../core/alerts/overview';
import { openTracker } from '../../core/tracker';
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
      const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms });
      try {
        const o = await alertsOverview(c, tracker.alerts, opts.limit);
        if (globals(cmd).json) {
          const { enabled, channels, cooldownS, fired: rules, recent } = o;
          printJson({ enabled, channels, cooldownS, errorRateThreshold: c.error_rate_threshold, costSpikeFactor: c.cost_spike_factor, windowS: c.window_s, rules, recent });
          return;
        }
        const now = Date.now();
        const lines = [
          `Alerts:    ${c.enabled ? 'enabled' : 'disabled (set alerts.enabled: true)'}`,
          `Channels:  ${o.channels.length ? o.channels.join(', ') : 'none'}`,
          `Rules:     ${o.rules.join('; ')}`,
          `Cooldown:  ${c.cooldown_s} s per rule`,
        ];
        if (o.fired.length) {
          lines.push('', table(['rule', 'last fired', 'quiet until'], o.fired.map((r) => [r.rule, iso(r.lastFiredAt), r.quietUntil > now ? iso(r.quietUntil) : '-'])));
        }
        lines.push('', o.recent.length ? `Recent alerts\n${table(['time', 'severity', 'rule', 'message'], o.recent.map((a) => [iso(a.ts), a.severity, a.rule, a.message]))}` : 'No alerts fired yet.');
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
      try {
        checkWebhookUrl(opts.webhookUrl);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      if (opts.format !== undefined && opts.format !== 'json' && opts.format !== 'slack') throw new CliError(`--format must be json or slack, got '${opts.format}'`);
      const loaded = loadCliConfig(cmd);
      const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms });
      try {
        const sent = await sendTestAlert(opts.webhookUrl, tracker.alerts, { configPath: loaded.path, ...(opts.format ? { format: opts.format as WebhookFormat } : {}) });
        process.stdout.write(`Delivered a test alert to ${sent.channel} (${sent.format} format).\n`);
      } catch (err) {
        if (err instanceof AlertDeliveryError) throw new CliError(err.message, EXIT.failure);
        throw err;
      } finally {
        await tracker.close();
      }
    });
}

function iso(ts: number): string {
  return new Date(ts).toISOString().replace('T', ' ').slice(0, 19);
}

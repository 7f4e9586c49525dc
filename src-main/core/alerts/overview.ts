import type { Config } from '../../../src-shared/config-schema';
import type { AlertHistory, AlertRecord } from '../tracker/ports';
import { checkWebhookUrl, webhookChannel, type WebhookFormat } from './channels';
import { alertChannels } from './create';

/** Thrown when a test alert did not reach its webhook; the message says why in one line. */
export class AlertDeliveryError extends Error {
  override readonly name = 'AlertDeliveryError';
}

export interface AlertsOverview {
  enabled: boolean;
  channels: string[];
  cooldownS: number;
  /** The configured rules, in words. */
  rules: string[];
  /** Rules that fired, with when their cooldown ends. */
  fired: { rule: string; lastFiredAt: number; quietUntil: number }[];
  /** Newest first. */
  recent: AlertRecord[];
}

/** The alert rules, their cooldowns and what fired: what `alerts status` and the GUI's Alerts page show. */
export async function alertsOverview(config: Config['alerts'], history: AlertHistory, limit: number): Promise<AlertsOverview> {
  const recent = await history.recent(limit);
  const last = await history.lastFired();
  const w = config.window_s;
  return {
    enabled: config.enabled,
    channels: alertChannels(config).map((ch) => ch.name),
    cooldownS: config.cooldown_s,
    rules: [
      `error rate > ${Math.round(config.error_rate_threshold * 100)}% over ${w} s (at least ${config.min_requests} requests)`,
      `cost in ${w} s > ${config.cost_spike_factor}x the trailing hour's`,
      'budget thresholds (warn, downgrade, over)',
      'a breaker opened',
    ],
    fired: [...last].map(([rule, ts]) => ({ rule, lastFiredAt: ts, quietUntil: ts + config.cooldown_s * 1000 })),
    recent,
  };
}

/**
 * Sends a test alert to a webhook now and, once it arrived, stores it in the history. Throws the
 * URL check's error for a URL that is not http(s), AlertDeliveryError when it did not arrive.
 */
export async function sendTestAlert(rawUrl: string, history: AlertHistory, opts: { format?: WebhookFormat; configPath: string; timeoutMs?: number }): Promise<{ channel: string; format: WebhookFormat }> {
  const url = checkWebhookUrl(rawUrl);
  const format: WebhookFormat = opts.format ?? (url.hostname === 'hooks.slack.com' ? 'slack' : 'json');
  const channel = webhookChannel(url.href, format);
  const alert: AlertRecord = { ts: Date.now(), rule: 'test', kind: 'test', severity: 'info', message: 'test alert from mmrouter: this webhook receives mmrouter alerts', details: { config: opts.configPath }, channels: [channel.name] };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  try {
    await channel.send(alert, AbortSignal.timeout(timeoutMs));
  } catch (err) {
    const why = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw new AlertDeliveryError(`the test alert did not reach ${channel.name}: ${why}`);
  }
  await history.add(alert);
  return { channel: channel.name, format };
}

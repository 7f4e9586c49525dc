import type { AlertRecord } from '../tracker/ports';

/** Where an alert goes. `send` resolves when the receiver accepted it and rejects otherwise. */
export interface AlertChannel {
  /** `log`, `webhook:<host>` or `slack:<host>`: never the whole URL, which often holds a secret token. */
  readonly name: string;
  /** Alert kinds it takes; undefined takes every kind. */
  readonly kinds: ReadonlySet<AlertRecord['kind']> | undefined;
  send(alert: AlertRecord, signal: AbortSignal): Promise<void>;
}

export type WebhookFormat = 'json' | 'slack';

/** A webhook URL must be http(s); anything else is a mistake we can name. */
export function checkWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`'${raw}' is not a URL; give the webhook's http:// or https:// address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`webhook URLs must start with http:// or https://, got ${url.protocol}//…`);
  return url;
}

/** The generic webhook's body: the alert itself, marked with where it came from. */
export function jsonPayload(alert: AlertRecord): Record<string, unknown> {
  return { source: 'mmrouter', ts: new Date(alert.ts).toISOString(), rule: alert.rule, kind: alert.kind, severity: alert.severity, message: alert.message, details: alert.details };
}

const ICON: Record<AlertRecord['severity'], string> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };

/** Slack's incoming-webhook body: `text` for notifications, blocks for the message. */
export function slackPayload(alert: AlertRecord): Record<string, unknown> {
  const text = `${ICON[alert.severity]} mmrouter ${alert.kind.replace('_', ' ')}: ${alert.message}`;
  const facts = Object.entries(alert.details)
    .map(([k, v]) => `*${k}*: ${typeof v === 'number' ? +v.toPrecision(4) : String(v)}`)
    .join('  ·  ');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(facts ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: facts }] }] : []),
    ],
  };
}

export function webhookChannel(rawUrl: string, format: WebhookFormat, kinds?: readonly AlertRecord['kind'][]): AlertChannel {
  const url = checkWebhookUrl(rawUrl);
  return {
    name: `${format === 'slack' ? 'slack' : 'webhook'}:${url.host}`,
    kinds: kinds ? new Set(kinds) : undefined,
    async send(alert, signal) {
      const body = JSON.stringify(format === 'slack' ? slackPayload(alert) : jsonPayload(alert));
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'mmrouter-alerts' }, body, signal });
      // Drain the body so the connection is reused; its content does not matter.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`${url.host} answered HTTP ${res.status}`);
    },
  };
}

export function logChannel(write: (line: string) => void = (line) => process.stderr.write(line)): AlertChannel {
  return {
    name: 'log',
    kinds: undefined,
    async send(alert) {
      write(`mmrouter alert [${alert.severity}] ${alert.rule}: ${alert.message}\n`);
    },
  };
}

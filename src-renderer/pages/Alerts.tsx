import { useEffect, useState } from 'react';
import { useApp } from '../stores/app';
import { usePolicies } from '../stores/policies';
import { when } from '../format';

function TestAlertForm() {
  const testAlert = usePolicies((s) => s.testAlert);
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [sending, setSending] = useState(false);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        setSending(true);
        void testAlert(url.trim()).then((r) => {
          setResult(r);
          setSending(false);
        });
      }}
    >
      <label htmlFor="webhook-url">Webhook URL</label>
      <input id="webhook-url" type="url" placeholder="https://hooks.slack.com/services/…" value={url} onChange={(e) => setUrl(e.target.value)} style={{ width: 360 }} />
      <button type="submit" disabled={!url.trim() || sending}>
        {sending ? 'Sending…' : 'Send test alert'}
      </button>
      {result && (
        <span role="status" className="small" style={{ color: result.ok ? 'var(--ok)' : 'var(--danger)' }}>
          {result.message}
        </span>
      )}
    </form>
  );
}

export function AlertsPage() {
  const { alerts, error, loadAlerts } = usePolicies();
  const alertsVersion = useApp((s) => s.alertsVersion);
  const configVersion = useApp((s) => s.configVersion);
  // Main pushes alerts.fired, so the history updates without polling.
  useEffect(() => void loadAlerts(), [loadAlerts, alertsVersion, configVersion]);
  const now = Date.now();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Alerts</h1>
          <p>Notifications when the error rate or spend spikes, a budget threshold is crossed, or a breaker opens.</p>
        </div>
      </div>
      {error && <div className="banner error">{error}</div>}
      {alerts && !alerts.enabled && (
        <div className="empty">
          <strong>Alerts are off</strong>
          <span>
            Add <code>alerts: {'{ enabled: true, webhooks: [{ url: … }] }'}</code> to your config — see <code>configs/budget.yaml</code>. A test alert works without it.
          </span>
        </div>
      )}
      <section className="card" aria-label="Alert rules">
        <div className="card-header">
          <h2>Rules</h2>
          {alerts?.enabled && <span className="muted small">cooldown {alerts.cooldownS} s per rule · channels: {alerts.channels.length ? alerts.channels.join(', ') : 'none'}</span>}
        </div>
        <ul>
          {alerts?.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        {alerts && alerts.fired.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Rule</th>
                <th>Last fired</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {alerts.fired.map((f) => (
                <tr key={f.rule}>
                  <td className="mono">{f.rule}</td>
                  <td>{when(f.lastFiredAt)}</td>
                  <td>{f.quietUntil > now ? <span className="badge warn">cooling down until {when(f.quietUntil)}</span> : <span className="badge ok">armed</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-label="Send a test alert">
        <div className="card-header">
          <h2>Send a test alert</h2>
        </div>
        <TestAlertForm />
      </section>
      <section className="card" aria-label="Alert history">
        <div className="card-header">
          <h2>History</h2>
        </div>
        {alerts && alerts.recent.length === 0 ? (
          <p className="muted">No alerts fired yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Severity</th>
                <th>Rule</th>
                <th>Message</th>
                <th>Sent to</th>
              </tr>
            </thead>
            <tbody>
              {alerts?.recent.map((a) => (
                <tr key={`${a.ts}:${a.rule}`}>
                  <td>{when(a.ts)}</td>
                  <td>
                    <span className={`badge ${a.severity === 'critical' ? 'danger' : a.severity === 'warning' ? 'warn' : 'ok'}`}>{a.severity}</span>
                  </td>
                  <td className="mono">{a.rule}</td>
                  <td>{a.message}</td>
                  <td className="mono small">{a.channels.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

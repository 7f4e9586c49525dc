import { useEffect } from 'react';
import type { PoliciesStatus } from '../../src-shared/contract';
import { usePolicies } from '../stores/policies';
import { pct, usd, when } from '../format';

type Window = NonNullable<PoliciesStatus['budget']>['windows'][number];

const MODE_TEXT: Record<Window['mode'], { badge: string; text: string }> = {
  normal: { badge: 'ok', text: 'normal' },
  warn: { badge: 'warn', text: 'warn: over 75%' },
  downgrade: { badge: 'warn', text: 'downgrading tiers' },
  over: { badge: 'danger', text: 'over the limit' },
};

function Gauge({ w }: { w: Window }) {
  const spent = Math.min(1, w.spentUsd / w.limitUsd);
  const held = Math.min(1 - spent, w.reservedUsd / w.limitUsd);
  const mode = MODE_TEXT[w.mode];
  return (
    <section className="card" aria-label={`${w.window} budget`} data-testid={`budget-${w.window}`}>
      <div className="card-header">
        <h2>{w.window === 'daily' ? 'Today' : 'This month'}</h2>
        <span className={`badge ${mode.badge}`}>{mode.text}</span>
      </div>
      <div className="stat-value">
        {usd(w.spentUsd)} <span className="muted small">of {usd(w.limitUsd)}</span>
      </div>
      <div className="gauge" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(w.fraction * 100)} aria-label={`${w.window} spend`}>
        <span className={`gauge-fill ${mode.badge}`} style={{ width: `${spent * 100}%` }} />
        <span className="gauge-held" style={{ width: `${held * 100}%` }} />
        <span className="gauge-mark" style={{ left: '75%' }} title="warn" />
        <span className="gauge-mark" style={{ left: '90%' }} title="downgrade" />
      </div>
      <div className="muted small">
        {pct(w.fraction, 1)} used{w.reservedUsd > 0 ? ` (${usd(w.reservedUsd)} held by requests in flight)` : ''} · resets {when(w.resetsAt)}
      </div>
    </section>
  );
}

function BreakerTable({ status }: { status: PoliciesStatus }) {
  if (!status.breakersEnabled)
    return (
      <div className="empty">
        <strong>Circuit breakers are off</strong>
        <span>
          Set <code>breaker: {'{ enabled: true }'}</code> in your config to skip a failing model or provider until it recovers.
        </span>
      </div>
    );
  if (!status.breakers.length)
    return (
      <div className="empty">
        <strong>No failures seen</strong>
        <span>Every model and provider is closed (healthy). A breaker appears here after its first failure.</span>
      </div>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Breaker</th>
          <th>State</th>
          <th>Last failure</th>
          <th>Opened</th>
        </tr>
      </thead>
      <tbody>
        {status.breakers.map((b) => (
          <tr key={`${b.scope}:${b.name}`}>
            <td>
              <strong>{b.name}</strong> <span className="muted small">{b.scope}</span>
            </td>
            <td>
              <span className={`badge ${b.state === 'closed' ? 'ok' : b.state === 'open' ? 'danger' : 'warn'}`}>{b.state}</span>
            </td>
            <td>{b.lastFailureAt ? when(b.lastFailureAt) : '—'}</td>
            <td>{b.opens ? `${b.opens}×${b.openedAt ? `, last ${when(b.openedAt)}` : ''}` : 'never'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BudgetPage() {
  const { status, error, loadStatus } = usePolicies();
  useEffect(() => {
    void loadStatus();
    const timer = setInterval(() => void loadStatus(), 5000);
    return () => clearInterval(timer);
  }, [loadStatus]);
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Budget &amp; breakers</h1>
          <p>Spend against your limits, and which models or providers are being skipped because they keep failing.</p>
        </div>
        <button type="button" onClick={() => void loadStatus()}>
          Refresh
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {status &&
        (status.budget ? (
          <>
            <div className="grid-2">
              {status.budget.windows.map((w) => (
                <Gauge key={w.window} w={w} />
              ))}
            </div>
            <p className="muted small">
              Below 75% routing is normal; 75–90% warns; 90–100% downgrades complex→medium and medium→simple; over 100%{' '}
              {status.budget.onExceeded === 'reject' ? 'requests are refused (429)' : 'the cheapest model answers'}. Days and months in {status.budget.timeZone}.
            </p>
          </>
        ) : (
          <div className="empty" data-testid="budget-empty">
            <strong>No budget set</strong>
            <span>
              Add <code>budget:</code> to your config (e.g. <code>daily_limit_usd: 5</code>) — see <code>configs/budget.yaml</code>.
            </span>
          </div>
        ))}
      <section className="card" aria-label="Circuit breakers">
        <div className="card-header">
          <h2>Circuit breakers</h2>
        </div>
        {status && <BreakerTable status={status} />}
      </section>
      {status?.cascadeEnabled && (
        <section className="card" aria-label="Cascade acceptance">
          <div className="card-header">
            <h2>Cascade acceptance, last 24 hours</h2>
          </div>
          {status.cascade.length ? (
            <table>
              <thead>
                <tr>
                  <th>Tier</th>
                  <th>Model</th>
                  <th>Answers</th>
                  <th>Accepted</th>
                </tr>
              </thead>
              <tbody>
                {status.cascade.map((c) => (
                  <tr key={`${c.tier}:${c.model}`}>
                    <td>{c.tier}</td>
                    <td>{c.model}</td>
                    <td>{c.answers}</td>
                    <td>{pct(c.accepted / c.answers)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No cascaded answers yet.</p>
          )}
        </section>
      )}
    </div>
  );
}

import { BreakerTable } from '../components/Breakers';
import { BudgetGauge, NoBudget } from '../components/BudgetGauge';
import { usePolicyStatus } from '../stores/policies';
import { pct } from '../format';

export function BudgetPage() {
  const { status, error, loadStatus } = usePolicyStatus();
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
                <BudgetGauge key={w.window} w={w} />
              ))}
            </div>
            <p className="muted small">
              Below 75% routing is normal; 75–90% warns; 90–100% downgrades complex→medium and medium→simple; over 100%{' '}
              {status.budget.onExceeded === 'reject' ? 'requests are refused (429)' : 'the cheapest model answers'}. Days and months in {status.budget.timeZone}.
            </p>
          </>
        ) : (
          <NoBudget />
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

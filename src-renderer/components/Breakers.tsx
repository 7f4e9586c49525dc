import type { PoliciesStatus } from '../../src-shared/contract';
import { when } from '../format';

type Breaker = PoliciesStatus['breakers'][number];

const STATE_BADGE: Record<Breaker['state'], string> = { closed: 'ok', open: 'danger', 'half-open': 'warn' };

/** Breakers off, or on with nothing failed yet: an empty state that names the config section. */
function BreakersEmpty({ status }: { status: PoliciesStatus }) {
  if (!status.breakersEnabled)
    return (
      <div className="empty" data-testid="breakers-off">
        <strong>Circuit breakers are off</strong>
        <span>
          Set <code>breaker: {'{ enabled: true }'}</code> in your config to skip a failing model or provider until it recovers.
        </span>
      </div>
    );
  return (
    <div className="empty">
      <strong>No calls yet</strong>
      <span>A model's and its provider's breakers appear here once they are called; they open when calls keep failing.</span>
    </div>
  );
}

/** Every breaker that has seen a failure, with its state and history. */
export function BreakerTable({ status }: { status: PoliciesStatus }) {
  if (!status.breakersEnabled || !status.breakers.length) return <BreakersEmpty status={status} />;
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
              <span className={`badge ${STATE_BADGE[b.state]}`}>{b.state}</span>
            </td>
            <td>{b.lastFailureAt ? when(b.lastFailureAt) : '—'}</td>
            <td>{b.opens ? `${b.opens}×${b.openedAt ? `, last ${when(b.openedAt)}` : ''}` : 'never'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One line per breaker that is not closed (what is being skipped now), or that all are closed. */
export function BreakerSummary({ status }: { status: PoliciesStatus }) {
  if (!status.breakersEnabled) return <BreakersEmpty status={status} />;
  const tripped = status.breakers.filter((b) => b.state !== 'closed');
  if (!tripped.length) {
    const recovered = status.breakers.filter((b) => b.opens > 0).length;
    return (
      <p className="row" data-testid="breakers-closed">
        <span className="badge ok">all closed</span>
        <span className="muted small">{recovered ? `${recovered} opened earlier and recovered` : 'none has opened'}</span>
      </p>
    );
  }
  return (
    <ul className="breaker-list" data-testid="breakers-tripped">
      {tripped.map((b) => (
        <li key={`${b.scope}:${b.name}`}>
          <span className={`badge ${STATE_BADGE[b.state]}`}>{b.state}</span> <strong>{b.name}</strong> <span className="muted small">{b.scope}</span>
          <span className="muted small"> · {b.state === 'open' ? 'skipped until its probe succeeds' : 'one probe request is testing it'}</span>
        </li>
      ))}
    </ul>
  );
}

import type { PoliciesStatus } from '../../src-shared/contract';
import { pct, usd, when } from '../format';

export type BudgetWindow = NonNullable<PoliciesStatus['budget']>['windows'][number];

const MODE_TEXT: Record<BudgetWindow['mode'], { badge: string; text: string }> = {
  normal: { badge: 'ok', text: 'normal' },
  warn: { badge: 'warn', text: 'warn: over 75%' },
  downgrade: { badge: 'warn', text: 'downgrading tiers' },
  over: { badge: 'danger', text: 'over the limit' },
};

/** One budget window as a gauge: spent, held by requests in flight, the warn and downgrade marks, the level. */
export function BudgetGauge({ w }: { w: BudgetWindow }) {
  const spent = Math.min(1, w.spentUsd / w.limitUsd);
  const held = Math.min(1 - spent, w.reservedUsd / w.limitUsd);
  const mode = MODE_TEXT[w.mode];
  return (
    <section className="card" aria-label={`${w.window} budget`} data-testid={`budget-${w.window}`}>
      <div className="card-header">
        <h2>{w.window === 'daily' ? 'Budget today' : 'Budget this month'}</h2>
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

/** Where a budget is configured, for the empty states. */
export function NoBudget() {
  return (
    <div className="empty" data-testid="budget-empty">
      <strong>No budget set</strong>
      <span>
        Add <code>budget:</code> to your config (e.g. <code>daily_limit_usd: 5</code>) — see <code>configs/budget.yaml</code>.
      </span>
    </div>
  );
}

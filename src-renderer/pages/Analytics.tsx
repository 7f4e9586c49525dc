import { useEffect, useState } from 'react';
import { RANGES, useAnalytics, type RangeId, type RequestDetail, type RequestPage } from '../stores/analytics';
import { useApp } from '../stores/app';
import { useNav } from '../stores/nav';
import { CostPerDayChart, DistributionChart, LatencyChart } from '../components/Charts';
import { DecisionDetails } from '../components/Decision';
import { Labels } from '../components/Labels';
import { CallFacts } from '../components/CallFacts';
import { Thumb } from '../components/Thumb';
import { BreakerSummary } from '../components/Breakers';
import { BudgetGauge, NoBudget } from '../components/BudgetGauge';
import { usePolicyStatus } from '../stores/policies';
import { ms, usd, when } from '../format';

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub && <div className="stat-sub">{sub}</div>}
    </div>
  );
}

function RequestDetailPanel({ detail, onClose }: { detail: RequestDetail; onClose(): void }) {
  const r = detail.request;
  return (
    <section className="card" aria-label="Request details" data-testid="request-detail">
      <div className="card-header">
        <h2>
          Request <code>{r.id}</code>
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="kv">
        <dt>When</dt>
        <dd>
          {when(r.ts)} <span className="muted">via {r.source}</span>
        </dd>
        <dt>Classified</dt>
        <dd>
          <Labels complexity={r.complexity} category={r.category} confidence={r.confidence} />
          {r.strategy && <span className="muted small"> by {r.strategy}</span>}
          {r.escalated && <span className="badge warn"> escalated</span>}
          {r.fallback && <span className="badge warn"> fell back</span>}
        </dd>
        <dt>Model</dt>
        <dd>
          {r.model ?? '—'} {r.upstreamModel && <span className="muted">({r.provider} · {r.upstreamModel})</span>}
        </dd>
        <CallFacts call={r} />
        <dt>Status</dt>
        <dd>{r.status === 'ok' ? <span className="badge ok">ok</span> : <span className="badge danger">{r.errorClass ?? 'error'}</span>}</dd>
        {detail.rating && (
          <>
            <dt>Rated</dt>
            <dd className="row">
              <Thumb down={detail.rating === 'down'} /> {detail.rating === 'up' ? 'good' : 'not good'}
            </dd>
          </>
        )}
        {r.prompt !== null && (
          <>
            <dt>Prompt</dt>
            <dd className="answer small">{r.prompt}</dd>
          </>
        )}
      </dl>
      <DecisionDetails decision={{ attempts: r.attempts }} />
    </section>
  );
}

type RequestRecord = RequestPage['items'][number];

/** One log row; opening it shows the request's decision in a row beneath. */
function RequestRow({ record: r }: { record: RequestRecord }) {
  const { selected, select } = useAnalytics();
  const open = selected?.request.id === r.id;
  const toggle = () => void select(open ? null : r.id);
  return (
    <>
      <tr
        className={open ? 'clickable selected' : 'clickable'}
        tabIndex={0}
        aria-expanded={open}
        aria-label={`Request ${r.id}: ${open ? 'hide' : 'show'} its decision`}
        onClick={toggle}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            toggle();
          }
        }}
      >
        <td className="small">{when(r.ts)}</td>
        <td className="truncate">{r.prompt ?? <span className="muted">(not stored)</span>}</td>
        <td>
          {r.complexity ? `${r.complexity} / ${r.category}` : <span className="muted">—</span>}
          {r.escalated && ' ↑'}
        </td>
        <td>{r.model ?? '—'}</td>
        <td className="num">{usd(r.costUsd)}</td>
        <td className="num">{ms(r.latencyMs)}</td>
        <td>{r.status === 'ok' ? <span className="badge ok">ok</span> : <span className="badge danger">{r.errorClass ?? 'error'}</span>}</td>
      </tr>
      {open && selected && (
        <tr className="detail-row">
          <td colSpan={7}>
            <RequestDetailPanel detail={selected} onClose={() => void select(null)} />
          </td>
        </tr>
      )}
    </>
  );
}

function RequestLog() {
  const { requests, search, setSearch, page, setPage } = useAnalytics();
  const [query, setQuery] = useState(search);
  useEffect(() => {
    const t = setTimeout(() => query !== search && setSearch(query), 300);
    return () => clearTimeout(t);
  }, [query, search, setSearch]);
  const pages = requests ? Math.max(1, Math.ceil(requests.total / requests.pageSize)) : 1;

  return (
    <section className="card" aria-label="Request log">
      <div className="card-header">
        <h2>Request log</h2>
        <label className="row" style={{ flexDirection: 'row', alignItems: 'center' }}>
          <span className="sr-only">Search requests</span>
          <input type="search" placeholder="Search prompts, models, labels, ids…" value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 320 }} />
        </label>
      </div>
      {!requests || requests.items.length === 0 ? (
        <p className="muted small">{search ? 'No request matches this search.' : 'No requests in this range.'}</p>
      ) : (
        <>
          <table data-testid="request-log">
            <thead>
              <tr>
                <th>Time</th>
                <th>Prompt</th>
                <th>Labels</th>
                <th>Model</th>
                <th className="num">Cost</th>
                <th className="num">Latency</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {requests.items.map((r) => (
                <RequestRow key={r.id} record={r} />
              ))}
            </tbody>
          </table>
          <div className="row">
            <span className="muted small">
              {requests.total} request{requests.total === 1 ? '' : 's'} · page {page} of {pages}
            </span>
            <span className="spacer" />
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Older
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The budget's gauges and what the breakers skip now, kept current by main's push events. */
function PolicyOverview() {
  const { status } = usePolicyStatus();
  const go = useNav((s) => s.go);
  if (!status) return null;
  const windows = status.budget?.windows ?? [];
  return (
    <div className={windows.length > 1 ? 'grid-3' : 'grid-2'} data-testid="policy-overview">
      {windows.length ? (
        windows.map((w) => <BudgetGauge key={w.window} w={w} />)
      ) : (
        <section className="card" aria-label="Budget">
          <h2>Budget</h2>
          <NoBudget />
        </section>
      )}
      <section className="card" aria-label="Circuit breakers">
        <div className="card-header">
          <h2>Circuit breakers</h2>
          <button type="button" className="ghost" onClick={() => go('budget')}>
            Budget &amp; breakers →
          </button>
        </div>
        <BreakerSummary status={status} />
      </section>
    </div>
  );
}

export function AnalyticsPage() {
  const { range, setRange, stats, refresh, error } = useAnalytics();
  const statsVersion = useApp((s) => s.statsVersion);
  const go = useNav((s) => s.go);
  useEffect(() => void refresh(), [refresh, statsVersion]);
  const s = stats?.summary;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Analytics</h1>
          <p>What routing cost, what it saved against sending everything to the baseline model, and where each request went.</p>
        </div>
        <label className="row" style={{ flexDirection: 'row', alignItems: 'center' }}>
          Time range
          <select value={range} onChange={(e) => setRange(e.target.value as RangeId)}>
            {RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <PolicyOverview />
      {s && s.requests === 0 && (
        <div className="empty">
          <strong>No requests in this range yet</strong>
          <span>Send a prompt from the Playground, or point an OpenAI or Anthropic client at the proxy with model “auto”.</span>
          <button type="button" className="primary" onClick={() => go('playground')}>
            Open the Playground
          </button>
        </div>
      )}
      {s && stats && s.requests > 0 && (
        <>
          <div className="stats-row" data-testid="summary">
            <Stat label="Requests" value={String(s.requests)} sub={s.errors ? `${s.errors} failed` : 'none failed'} />
            <Stat label="Cost" value={usd(s.totalCostUsd)} sub={`baseline ${usd(s.baselineCostUsd)}`} />
            <Stat label="Saved" value={usd(s.savingsUsd)} sub={`${s.savingsPct.toFixed(1)}% of baseline`} />
            <Stat label="Median latency" value={ms(stats.latency.p50)} sub={`p95 ${ms(stats.latency.p95)} · p99 ${ms(stats.latency.p99)}`} />
            <Stat label="Fallbacks" value={String(s.fallbacks)} sub="another model answered" />
            <Stat label="Escalations" value={String(s.escalations)} sub="low confidence, tier raised" />
          </div>
          <div className="grid-2">
            <section className="card" aria-label="Cost per day">
              <h2>Cost per day</h2>
              <CostPerDayChart daily={stats.daily} />
            </section>
            <section className="card" aria-label="Latency">
              <h2>Latency percentiles</h2>
              <LatencyChart {...stats.latency} />
              <p className="muted small">Successful requests only; average {ms(s.avgLatencyMs)}.</p>
            </section>
          </div>
          <div className="grid-3">
            <section className="card" aria-label="By complexity">
              <h2>By complexity</h2>
              <DistributionChart rows={stats.byComplexity} label="complexity" />
            </section>
            <section className="card" aria-label="By category">
              <h2>By category</h2>
              <DistributionChart rows={stats.byCategory} label="category" />
            </section>
            <section className="card" aria-label="By model">
              <h2>By model</h2>
              <DistributionChart rows={stats.byModel} label="model" />
            </section>
          </div>
        </>
      )}
      {s && s.requests > 0 && <RequestLog />}
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { ExperimentReportView } from '../../src-shared/contract';
import { useApp } from '../stores/app';
import { usePolicies } from '../stores/policies';
import { useConfig } from '../stores/config';
import { pct, usd, when } from '../format';

type Comparison = ExperimentReportView['comparisons'][number];
type Interval = { estimate: number; low: number; high: number };

const METRICS: Record<Comparison['metric'], string> = {
  cost_per_request: 'cost/request',
  latency_p50: 'latency p50',
  latency_p95: 'latency p95',
  error_rate: 'error rate',
  thumbs_up_rate: 'thumbs-up rate',
};

const money = (i: Interval) => `${usd(i.estimate)} [${usd(i.low)}, ${usd(i.high)}]`;
const millis = (i: Interval) => `${Math.round(i.estimate)} ms [${Math.round(i.low)}, ${Math.round(i.high)}]`;
const rate = (i: Interval | undefined) => (i ? `${pct(i.estimate, 1)} [${pct(i.low, 1)}, ${pct(i.high, 1)}]` : '—');

/** One sentence a person can act on: which differences are real, and how much longer to wait for the rest. */
export function verdict(r: ExperimentReportView): string {
  const total = r.variants.reduce((n, v) => n + v.requests, 0);
  if (total === 0) return 'No requests yet: route some traffic through mmrouter and the comparison fills in.';
  const significant = r.comparisons.filter((c) => c.significant).map((c) => METRICS[c.metric]);
  const waiting = r.comparisons.map((c) => c.moreRequestsNeeded).filter((n): n is number => n !== undefined);
  const parts: string[] = [];
  if (significant.length) parts.push(`Significant: ${significant.join(', ')} ${significant.length > 1 ? 'differ' : 'differs'} between the variants (the 95% interval excludes zero).`);
  if (waiting.length) parts.push(`Not yet${significant.length ? ' for the rest' : ''} — about ${Math.ceil(Math.min(...waiting)).toLocaleString()} more requests would show the next difference.`);
  if (!parts.length) parts.push('No difference seen so far.');
  return parts.join(' ');
}

function Report({ r }: { r: ExperimentReportView }) {
  const stop = usePolicies((s) => s.stopExperiment);
  return (
    <section className="card" aria-label={`Experiment ${r.name}`} data-testid={`experiment-${r.name}`}>
      <div className="card-header">
        <h2>
          {r.name} <span className={`badge ${r.running ? 'ok' : 'warn'}`}>{r.running ? 'running' : 'stopped'}</span>
        </h2>
        <div className="row">
          <span className="muted small">
            {pct(r.split)} to treatment · since {when(r.createdAt)}
            {r.stoppedAt ? ` · stopped ${when(r.stoppedAt)}` : ''}
          </span>
          {r.running && (
            <button type="button" className="danger" onClick={() => void stop(r.name)}>
              Stop
            </button>
          )}
        </div>
      </div>
      <table>
        <thead>
          <tr>
            <th>Variant</th>
            <th>Requests</th>
            <th>Cost/request</th>
            <th>Latency p50</th>
            <th>Latency p95</th>
            <th>Error rate</th>
            <th>Thumbs-up</th>
          </tr>
        </thead>
        <tbody>
          {r.variants.map((v) => (
            <tr key={v.variant}>
              <td>
                <strong>{v.variant}</strong>
              </td>
              <td>{v.requests}</td>
              <td className="mono small">{money(v.costPerRequestUsd)}</td>
              <td className="mono small">{millis(v.latencyP50Ms)}</td>
              <td className="mono small">{millis(v.latencyP95Ms)}</td>
              <td className="mono small">{rate(v.errorRate)}</td>
              <td className="mono small">{v.thumbsUpRate ? `${rate(v.thumbsUpRate)} of ${v.thumbsUpRate.ratings}` : 'no ratings'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" data-testid="verdict">
        {verdict(r)}
      </p>
      <span className="muted small">Values are estimates with 95% intervals in brackets.</span>
    </section>
  );
}

function CreateForm() {
  const create = usePolicies((s) => s.createExperiment);
  const presets = useConfig((s) => s.presets);
  const [form, setForm] = useState({ name: '', control: '', treatment: '', split: '0.5' });
  const [problem, setProblem] = useState<{ message: string; field?: string } | null>(null);
  const split = Number(form.split);
  const splitOk = form.split.trim() !== '' && split >= 0 && split <= 1;
  const field = (key: 'name' | 'control' | 'treatment', label: string, hint: string) => (
    <>
      <label htmlFor={`exp-${key}`}>{label}</label>
      <input
        id={`exp-${key}`}
        list={key === 'name' ? undefined : 'exp-presets'}
        placeholder={hint}
        value={form[key]}
        aria-invalid={problem?.field === key || undefined}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        style={{ width: 320 }}
      />
    </>
  );
  return (
    <form
      className="card"
      aria-label="New experiment"
      onSubmit={(e) => {
        e.preventDefault();
        void create({ name: form.name.trim(), control: form.control.trim(), treatment: form.treatment.trim(), split }).then((p) => {
          setProblem(p);
          if (!p) setForm({ name: '', control: '', treatment: '', split: '0.5' });
        });
      }}
    >
      <div className="card-header">
        <h2>New experiment</h2>
      </div>
      <datalist id="exp-presets">
        {presets.map((p) => (
          <option key={p.name} value={p.name}>
            {p.description}
          </option>
        ))}
      </datalist>
      <div className="form-grid">
        {field('name', 'Name', 'e.g. cheaper-simple-tier')}
        {field('control', 'Control', 'preset name or path to a config file')}
        {field('treatment', 'Treatment', 'preset name or path to a config file')}
        <label htmlFor="exp-split">Share to treatment</label>
        <div className="row">
          <input
            id="exp-split"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={form.split}
            aria-invalid={!splitOk || problem?.field === 'split' || undefined}
            onChange={(e) => setForm({ ...form, split: e.target.value })}
            style={{ width: 100 }}
          />
          {!splitOk && (
            <span className="small" style={{ color: 'var(--danger)' }}>
              a share from 0 to 1
            </span>
          )}
        </div>
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={!splitOk || !form.name.trim() || !form.control.trim() || !form.treatment.trim()}>
          Start experiment
        </button>
        {problem && (
          <span role="alert" className="small" style={{ color: 'var(--danger)' }}>
            {problem.message}
          </span>
        )}
      </div>
      <p className="muted small">Both configs must route only to models your config defines. The same prompt always goes to the same variant.</p>
    </form>
  );
}

export function ExperimentsPage() {
  const { experiments, reports, error, loadExperiments } = usePolicies();
  const loadConfig = useConfig((s) => s.load);
  const statsVersion = useApp((s) => s.statsVersion);
  useEffect(() => void loadConfig(), [loadConfig]);
  // Recorded requests change the variants' figures; main says when (stats.changed).
  useEffect(() => void loadExperiments(), [loadExperiments, statsVersion]);
  const newestFirst = [...(experiments ?? [])].reverse();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Experiments</h1>
          <p>A/B test two routing configs on live traffic: cost, latency, errors and thumbs-up per variant, with whether the difference is real.</p>
        </div>
      </div>
      {error && <div className="banner error">{error}</div>}
      <CreateForm />
      {experiments && experiments.length === 0 && (
        <div className="empty">
          <strong>No experiments yet</strong>
          <span>Start one above, or add an <code>experiments:</code> entry to your config.</span>
        </div>
      )}
      {newestFirst.map((e) => {
        const r = reports[e.name];
        return r ? <Report key={e.name} r={r} /> : null;
      })}
    </div>
  );
}

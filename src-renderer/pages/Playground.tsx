import { useEffect, useState } from 'react';
import { usePlayground, type Run } from '../stores/playground';
import { useModels } from '../stores/models';
import { useApp } from '../stores/app';
import { Labels } from '../components/Labels';
import { CallFacts } from '../components/CallFacts';
import { DecisionDetails } from '../components/Decision';
import { DemoBanner } from '../components/DemoBanner';
import { Thumb } from '../components/Thumb';

const EXAMPLES = [
  'What is the capital of France?',
  'Write a Python function that merges two sorted lists.',
  'Prove that the square root of 2 is irrational, step by step.',
  'Write a short poem about autumn in Kyoto.',
];

function Preview() {
  const { preview, previewError, prompt } = usePlayground();
  if (!prompt.trim()) return <p className="classify-preview muted">The classification appears here as you type.</p>;
  if (previewError) return <p className="classify-preview" style={{ color: 'var(--danger)' }}>{previewError}</p>;
  if (!preview) return <p className="classify-preview muted">Classifying…</p>;
  return (
    <div className="classify-preview" aria-live="polite" data-testid="classify-preview">
      <span className="muted">Would route as</span>
      <Labels complexity={preview.complexity} category={preview.category} confidence={preview.confidence} />
      {preview.escalated && <span className="badge warn">escalated to {preview.tier}</span>}
      <span className="muted">→</span>
      <strong data-testid="preview-model">{preview.model}</strong>
      <span className="muted small">by {preview.strategy}</span>
    </div>
  );
}

function RunCard({ run, first }: { run: Run; first: boolean }) {
  const rate = usePlayground((s) => s.rate);
  const r = run.result;
  return (
    <section className="card" aria-label={first ? 'Answer' : `Answer from ${run.requested}`} data-testid="run">
      <div className="card-header">
        <div className="row">
          <strong>{r?.model ?? (run.requested === 'auto' ? 'Routing…' : run.requested)}</strong>
          {r?.tier && <span className="badge accent">{r.tier} tier</span>}
          {!first && <span className="badge">pinned</span>}
        </div>
        {run.state === 'streaming' && <span className="muted small">streaming…</span>}
      </div>
      {run.state === 'error' ? (
        <p className="banner error" role="alert">
          {run.error}
        </p>
      ) : (
        <div className="answer" aria-live="polite" aria-busy={run.state === 'streaming'}>
          {run.text || (run.state === 'streaming' ? '…' : '')}
        </div>
      )}
      {r && (
        <>
          <dl className="kv" data-testid="run-facts">
            <dt>Model</dt>
            <dd>
              {r.model} <span className="muted">({r.provider} · {r.upstreamModel})</span>
            </dd>
            <dt>Classified</dt>
            <dd>
              <Labels complexity={r.complexity} category={r.category} confidence={r.confidence} />
            </dd>
            <CallFacts call={r} costTestId="run-cost" />
          </dl>
          <DecisionDetails decision={r.decision} />
          <div className="row" role="group" aria-label="Feedback on this answer">
            <strong className="small">Feedback</strong>
            <span className="muted small">Was this answer good enough? With adaptive routing on, ratings rerank the models for prompts like this one.</span>
            <button type="button" aria-pressed={run.rating === 'up'} onClick={() => void rate(run.runId, 'up')}>
              <Thumb /> Good
            </button>
            <button type="button" aria-pressed={run.rating === 'down'} onClick={() => void rate(run.runId, 'down')}>
              <Thumb down /> Not good
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function RunAgain() {
  const { runs, runAgain } = usePlayground();
  const models = useModels((s) => s.models);
  const [model, setModel] = useState('');
  const first = runs[0];
  if (!first || models.length === 0) return null;
  const choice = model || models.find((m) => m.name !== first.result?.model)?.name || models[0]?.name || '';
  return (
    <div className="row">
      <label className="row" style={{ flexDirection: 'row', alignItems: 'center' }}>
        Run again on
        <select value={choice} onChange={(e) => setModel(e.target.value)}>
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => runAgain(choice)} disabled={!choice}>
        Compare side by side
      </button>
    </div>
  );
}

export function PlaygroundPage() {
  const { prompt, setPrompt, send, stop, runs, listen } = usePlayground();
  const loadModels = useModels((s) => s.load);
  const noKey = useModels((s) => s.models.some((m) => m.keyEnv !== null && !m.keyConfigured));
  const configVersion = useApp((s) => s.configVersion);
  useEffect(() => listen(), [listen]);
  useEffect(() => void loadModels(), [loadModels, configVersion]);
  const busy = runs.some((r) => r.state === 'streaming');

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Playground</h1>
          <p>Type a prompt: mmrouter classifies it as you type and sends it to the model your config names for it.</p>
        </div>
      </div>
      <DemoBanner noKey={noKey} />
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label>
          Prompt
          <textarea
            rows={5}
            value={prompt}
            placeholder="Ask anything, e.g. “Explain the trade-offs between microservices and monoliths”"
            onChange={(e) => setPrompt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                send();
              }
            }}
          />
        </label>
        <Preview />
        <div className="row">
          {busy ? (
            <button type="button" className="danger" onClick={stop}>
              Stop
            </button>
          ) : (
            <button type="submit" className="primary" disabled={!prompt.trim()}>
              Send
            </button>
          )}
          <span className="muted small">Ctrl+Enter sends</span>
          <span className="spacer" />
          <RunAgain />
        </div>
      </form>
      {runs.length === 0 ? (
        <div className="empty">
          <strong>No answer yet</strong>
          <span>Write a prompt above, or start from one of these to see how each kind is routed:</span>
          <div className="row" style={{ justifyContent: 'center' }}>
            {EXAMPLES.map((ex) => (
              <button key={ex} type="button" onClick={() => setPrompt(ex)}>
                {ex.length > 44 ? `${ex.slice(0, 42)}…` : ex}
              </button>
            ))}
          </div>
        </div>
      ) : (
        <div className="compare">
          {runs.map((run, i) => (
            <RunCard key={run.runId} run={run} first={i === 0} />
          ))}
        </div>
      )}
    </div>
  );
}

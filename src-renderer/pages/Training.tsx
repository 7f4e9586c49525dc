import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTraining, type TrainJob, type TrainPreview } from '../stores/training';
import { CellTable } from '../components/CellTable';
import { pct } from '../format';

type Score = NonNullable<NonNullable<TrainJob['report']>['trained']>;
type Axis = Score['complexity'];

const PHASES: Record<string, string> = { load: 'Loading the embedding model', embed: 'Embedding prompts', fit: 'Fitting the classifier', evaluate: 'Scoring on held-out rows' };

const FORMAT_EXAMPLES = [
  { name: 'YAML', text: '- prompt: What is the capital of Peru?\n  complexity: simple\n  category: factual' },
  { name: 'JSONL', text: '{"prompt": "Refactor this loop…", "complexity": "medium", "category": "code"}' },
  { name: 'CSV', text: 'prompt,complexity,category\n"Write a sonnet about tides",medium,creative' },
];

function DropZone() {
  const pick = useTraining((s) => s.pick);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void pick(file);
  };
  return (
    <div
      className={over ? 'dropzone over' : 'dropzone'}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <strong style={{ color: 'var(--text)' }}>Drop a labeled file here</strong>
      <span>
        YAML, JSONL or CSV with a prompt, a complexity (simple / medium / complex) and a category (factual / reasoning / creative /
        code) per row.
      </span>
      <button type="button" onClick={() => input.current?.click()}>
        Choose a file…
      </button>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,.jsonl,.ndjson,.csv"
        aria-label="Labeled training file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void pick(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}

function CountsGrid({ counts }: { counts: TrainPreview['counts'] }) {
  return <CellTable className="confusion" corner="rows" label="Rows per route cell" cell={(cx, cat) => counts[cx]?.[cat] ?? 0} />;
}

function Preview({ preview }: { preview: TrainPreview }) {
  const { file, acceptErrors, setAcceptErrors, start, job, reset } = useTraining();
  const running = job?.state === 'running';
  const blocked = preview.errors.length > 0 && !acceptErrors;
  return (
    <section className="card" aria-label="Training file preview">
      <div className="card-header">
        <h2>
          {file?.fileName} <span className="muted small">({preview.format.toUpperCase()})</span>
        </h2>
        <button type="button" onClick={reset} disabled={running}>
          Choose another file
        </button>
      </div>
      <p>
        <strong>{preview.rows}</strong> usable row{preview.rows === 1 ? '' : 's'}
        {preview.errors.length > 0 && (
          <>
            , <strong style={{ color: 'var(--danger)' }}>{preview.errors.length}</strong> with errors
          </>
        )}
        .
      </p>
      {preview.errors.length > 0 && (
        <ul className="problems" aria-label="Row errors" data-testid="row-errors">
          {preview.errors.slice(0, 50).map((e, i) => (
            <li key={i}>
              line {e.line}: {e.message}
            </li>
          ))}
          {preview.errors.length > 50 && <li>…and {preview.errors.length - 50} more</li>}
        </ul>
      )}
      <div className="grid-2">
        <div>
          <h3>Rows per cell</h3>
          <CountsGrid counts={preview.counts} />
        </div>
        <div>
          <h3>First rows</h3>
          <table>
            <thead>
              <tr>
                <th className="num">Line</th>
                <th>Prompt</th>
                <th>Labels</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.slice(0, 6).map((r) => (
                <tr key={r.line}>
                  <td className="num">{r.line}</td>
                  <td className="truncate" style={{ maxWidth: 260 }}>
                    {r.prompt}
                  </td>
                  <td className="small">
                    {r.complexity} / {r.category}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="row">
        {preview.errors.length > 0 && (
          <label className="switch">
            <input type="checkbox" checked={acceptErrors} onChange={(e) => setAcceptErrors(e.target.checked)} />
            Train on the {preview.rows} good rows and skip the others
          </label>
        )}
        <span className="spacer" />
        <button type="button" className="primary" disabled={running || blocked || preview.rows === 0} onClick={() => void start()}>
          Train classifier
        </button>
      </div>
    </section>
  );
}

function Matrix({ axis, caption }: { axis: Axis; caption: string }) {
  return (
    <table className="confusion" aria-label={caption} data-testid="confusion">
      <caption className="small muted" style={{ captionSide: 'top', textAlign: 'left', paddingBottom: 4 }}>
        {caption}: {pct(axis.accuracy, 1)} (rows: actual, columns: predicted)
      </caption>
      <thead>
        <tr>
          <th scope="col" />
          {axis.labels.map((l) => (
            <th key={l} scope="col">
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {axis.labels.map((actual, i) => {
          const row = axis.confusion[i] ?? [];
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return (
            <tr key={actual}>
              <th scope="row">{actual}</th>
              {row.map((n, j) => (
                <td
                  key={j}
                  style={{
                    background: `color-mix(in srgb, ${i === j ? 'var(--ok)' : 'var(--danger)'} ${Math.round((n / total) * 45)}%, transparent)`,
                  }}
                >
                  {n}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ScoreCard({ score, title }: { score: Score; title: string }) {
  return (
    <section className="card" aria-label={title}>
      <div className="card-header">
        <h2>{title}</h2>
        <span className="stat-value" style={{ fontSize: 18 }}>
          {pct(score.accuracy, 1)}
        </span>
      </div>
      <p className="muted small">
        {score.classifier}, both labels right on {score.n} held-out rows
      </p>
      <div className="grid-2">
        <Matrix axis={score.complexity} caption="Complexity" />
        <Matrix axis={score.category} caption="Category" />
      </div>
    </section>
  );
}

function Job({ job }: { job: TrainJob }) {
  const { cancel, activate, activated } = useTraining();
  if (job.state === 'running') {
    const phase = job.phase ? PHASES[job.phase] ?? job.phase : 'Starting';
    return (
      <section className="card" aria-label="Training progress">
        <div className="card-header">
          <h2>Training…</h2>
          <button type="button" className="danger" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
        <progress max={job.total || 1} value={job.done} aria-label="Training progress" />
        <p className="muted small">
          {phase}
          {job.total > 0 && ` (${job.done} of ${job.total})`}
        </p>
      </section>
    );
  }
  if (job.state === 'failed' || job.state === 'cancelled')
    return (
      <div className={job.state === 'failed' ? 'banner error' : 'banner'} role="alert">
        {job.state === 'cancelled' ? 'Training cancelled; nothing changed.' : `Training failed: ${job.error}`}
      </div>
    );
  const report = job.report;
  return (
    <>
      <section className="card" aria-label="Training result">
        <div className="card-header">
          <h2>Trained on {report?.counts.train ?? 0} rows</h2>
          {job.active ? (
            <span className="badge ok" role="status">
              Routing with this model
            </span>
          ) : (
            <button type="button" className="primary" onClick={() => void activate()}>
              Activate for routing
            </button>
          )}
        </div>
        {report?.trained && report.shipped && (
          <p>
            New model {pct(report.trained.accuracy, 1)} against the shipped model’s {pct(report.shipped.accuracy, 1)} on the same{' '}
            {report.counts.eval} held-out rows.
          </p>
        )}
        {!report?.trained && <p className="muted">Nothing was held out, so there is no score: every row went into training.</p>}
        {activated && <p className="muted small">Saved to {activated}. The config now uses it; new prompts are classified by it.</p>}
      </section>
      {report?.trained && <ScoreCard score={report.trained} title="Your model" />}
      {report?.shipped && <ScoreCard score={report.shipped} title="Shipped model, same rows" />}
    </>
  );
}

export function TrainingPage() {
  const { preview, job, error, listen } = useTraining();
  useEffect(() => listen(), [listen]);
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Training</h1>
          <p>Teach the classifier your own traffic: give it labeled prompts, compare it with the shipped model, and route with it.</p>
        </div>
      </div>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {!preview && (
        <>
          <DropZone />
          <section className="card" aria-label="File formats">
            <h2>What a labeled file looks like</h2>
            <p className="muted small">
              One prompt per row with its two labels. A few dozen rows per complexity × category cell train a useful model; rows
              with errors are listed by line before anything is trained.
            </p>
            <div className="format-examples">
              {FORMAT_EXAMPLES.map((f) => (
                <div key={f.name}>
                  <h3>{f.name}</h3>
                  <pre>{f.text}</pre>
                </div>
              ))}
            </div>
          </section>
        </>
      )}
      {preview && <Preview preview={preview} />}
      {job && <Job job={job} />}
    </div>
  );
}

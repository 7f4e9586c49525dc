import { useEffect, useState } from 'react';
import { useConfig } from '../stores/config';
import { YamlEditor } from '../components/YamlEditor';
import { RouteGrid } from '../components/RouteGrid';
import { DemoBanner } from '../components/DemoBanner';

type View = 'yaml' | 'routes';

export function ConfigPage() {
  const { path, text, saved, presets, problems, status, loadError, demo, load, setText, validate, loadPreset, save } = useConfig();
  const [view, setView] = useState<View>('yaml');
  const [preset, setPreset] = useState('');
  useEffect(() => void load(), [load]);
  // The editor lints its own text; the table view has no linter, so its edits are checked here.
  useEffect(() => {
    if (view === 'routes') validate(text).catch(() => undefined);
  }, [view, text, validate]);
  const dirty = text !== saved;
  const presetDescription = presets.find((p) => p.name === preset)?.description;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Config</h1>
          <p>
            The routing config mmrouter runs. Edits are checked as you type; saving applies them at once and keeps your comments.
            {path && (
              <>
                {' '}
                File: <code>{path}</code>
              </>
            )}
          </p>
        </div>
        <div className="row">
          <label className="row" style={{ flexDirection: 'row', alignItems: 'center' }}>
            Preset
            <select value={preset} onChange={(e) => setPreset(e.target.value)}>
              <option value="">Choose a preset…</option>
              {presets.map((p) => (
                <option key={p.name} value={p.name} title={p.description}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!preset} onClick={() => void loadPreset(preset)}>
            Load into editor
          </button>
        </div>
      </div>
      {loadError && (
        <div className="banner error" role="alert">
          {loadError}
        </div>
      )}
      {demo && <DemoBanner />}
      {presetDescription && <p className="muted small">{presetDescription}</p>}
      <div className="row">
        <div className="segmented" role="group" aria-label="Editor view">
          <button type="button" aria-pressed={view === 'yaml'} onClick={() => setView('yaml')}>
            YAML
          </button>
          <button type="button" aria-pressed={view === 'routes'} onClick={() => setView('routes')}>
            Route table
          </button>
        </div>
        <span className="spacer" />
        <span className="muted small" role="status" data-testid="save-status">
          {status.message || (dirty ? 'Unsaved changes' : 'No changes')}
        </span>
        <button type="button" disabled={!dirty} onClick={() => setText(saved)}>
          Revert
        </button>
        <button type="button" className="primary" disabled={!dirty || status.kind === 'saving'} onClick={() => void save()}>
          Save and apply
        </button>
      </div>
      {view === 'yaml' ? (
        <YamlEditor value={text} onChange={setText} validate={validate} label="Routing config (YAML)" />
      ) : (
        <RouteGrid text={text} onChange={setText} />
      )}
      <section aria-label="Problems" className="card">
        <h2>Problems</h2>
        {problems.length === 0 ? (
          <p className="muted small">None: this config is valid.</p>
        ) : (
          <ul className="problems" data-testid="problems">
            {problems.map((p, i) => (
              <li key={i}>
                {p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}: ` : ''}
                {p.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

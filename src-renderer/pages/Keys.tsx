import { useEffect, useState } from 'react';
import { useKeys, type KeyInfo } from '../stores/keys';
import { useApp } from '../stores/app';
import { DemoBanner } from '../components/DemoBanner';
import { errorMessage, ms } from '../format';

function KeyRow({ info }: { info: KeyInfo }) {
  const { save, remove, check, checks } = useKeys();
  const [draft, setDraft] = useState('');
  const result = checks[info.provider];
  const inputId = `key-${info.provider}`;
  return (
    <tr>
      <td>
        <strong>{info.provider}</strong>
        <div className="muted small">{info.providerType}</div>
      </td>
      <td>
        {info.set ? (
          <span className="badge ok">set {info.source === 'env' ? `from $${info.env}` : 'in keychain'}</span>
        ) : (
          <span className="badge warn">not set</span>
        )}
        <div className="muted small">
          reads <code>{info.env}</code>
        </div>
      </td>
      <td>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void save(info.provider, draft).then((ok) => ok && setDraft(''));
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            API key for {info.provider}
          </label>
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={info.set ? 'Replace the key…' : 'Paste the key…'}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            style={{ width: 240 }}
          />
          <button type="submit" disabled={draft.trim().length < 8}>
            Save key
          </button>
        </form>
      </td>
      <td>
        <div className="row">
          <button type="button" disabled={!info.set || (result !== undefined && 'pending' in result)} onClick={() => void check(info.provider)}>
            Check
          </button>
          {info.source === 'stored' && (
            <button type="button" className="danger" onClick={() => void remove(info.provider)}>
              Forget
            </button>
          )}
        </div>
        {result && !('pending' in result) && (
          <div className="small" role="status" style={{ color: result.ok ? 'var(--ok)' : 'var(--danger)', marginTop: 4 }}>
            {result.ok ? `Works (${ms(result.latencyMs)})` : result.message}
          </div>
        )}
      </td>
    </tr>
  );
}

function ProxyCard() {
  const { proxy, setProxy } = useApp();
  const [error, setError] = useState<string | null>(null);
  // The switch shows what was asked for until main answers, then what main reports.
  const [pending, setPending] = useState<boolean | null>(null);
  const toggle = async (enabled: boolean) => {
    setPending(enabled);
    try {
      await setProxy(enabled);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(null);
    }
  };
  return (
    <section className="card" aria-label="Local proxy">
      <div className="card-header">
        <h2>Local proxy</h2>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            aria-label="Local proxy"
            checked={pending ?? proxy?.running ?? false}
            disabled={!proxy || pending !== null}
            onChange={(e) => void toggle(e.target.checked)}
          />
          {pending !== null ? (pending ? 'Starting…' : 'Stopping…') : proxy?.running ? 'On' : 'Off'}
        </label>
      </div>
      <p className="muted small">
        Point any OpenAI or Anthropic client at it with model <code>auto</code>; mmrouter picks the model per request.
      </p>
      {proxy?.running && proxy.url ? (
        <dl className="kv">
          <dt>OpenAI base URL</dt>
          <dd>
            <code data-testid="proxy-url">{proxy.url}/v1</code>
          </dd>
          <dt>Anthropic base URL</dt>
          <dd>
            <code>{proxy.url}</code>
          </dd>
        </dl>
      ) : (
        <p className="small">
          Off. It listens on {proxy?.host ?? '127.0.0.1'}:{proxy?.port ?? 8080} when on.
        </p>
      )}
      {(proxy?.error || error) && (
        <div className="banner error" role="alert">
          {proxy?.error ?? error}
        </div>
      )}
    </section>
  );
}

export function KeysPage() {
  const { keys, load, error } = useKeys();
  const { demo, configVersion } = useApp();
  useEffect(() => void load(), [load, configVersion]);
  const noKey = keys !== null && keys.length > 0 && keys.every((k) => !k.set);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Keys &amp; providers</h1>
          <p>Provider keys are stored in the OS keychain and handed to the router. They are never shown again, logged or recorded.</p>
        </div>
      </div>
      {demo ? <DemoBanner /> : <DemoBanner noKey={noKey} />}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <ProxyCard />
      <section className="card" aria-label="Provider keys">
        <h2>Provider keys</h2>
        {keys === null ? (
          <p className="muted small">Loading…</p>
        ) : keys.length === 0 ? (
          <p className="muted small">
            The config’s providers need no key{demo ? ' (the simulator answers in demo mode)' : ''}. Switch to a preset with a real
            provider on the Config page to add one.
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Provider</th>
                <th>Key</th>
                <th>Set a key</th>
                <th>Check</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <KeyRow key={k.provider} info={k} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

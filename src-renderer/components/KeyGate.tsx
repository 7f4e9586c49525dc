import { useEffect, useState, type ReactNode } from 'react';
import { webAccess } from '../transport';
import { errorMessage } from '../format';

/**
 * Shows its children once /api answers. A dashboard started with MMROUTER_API_KEY (to listen beyond
 * this machine) answers only with that key, so the page asks for it first.
 */
export function KeyGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<'checking' | 'ok' | 'needs-key'>('checking');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    webAccess().then(setState, (e: unknown) => {
      setError(`mmrouter does not answer: ${errorMessage(e)}`);
      setState('needs-key');
    });
  }, []);

  if (state === 'ok') return children;
  if (state === 'checking') return null;
  return (
    <main className="gate">
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          webAccess(key.trim()).then(
            (s) => (s === 'ok' ? setState('ok') : setError('That key was refused. It is the MMROUTER_API_KEY this dashboard was started with.')),
            (err: unknown) => setError(errorMessage(err)),
          );
        }}
      >
        <h1>mmrouter</h1>
        <p className="muted">This dashboard was started with an API key. Enter its MMROUTER_API_KEY to continue.</p>
        <label>
          API key
          <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
        </label>
        {error && (
          <p role="alert" style={{ color: 'var(--danger)' }}>
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={!key.trim()}>
          Continue
        </button>
      </form>
    </main>
  );
}

import { useState } from 'react';
import { useApp } from '../stores/app';
import { errorMessage } from '../format';

/**
 * Says plainly when answers are simulated, and offers demo mode when no provider key is set, so a
 * new user can try everything before finding a key.
 */
export function DemoBanner({ noKey = false }: { noKey?: boolean }) {
  const { demo, setDemo } = useApp();
  const [error, setError] = useState<string | null>(null);
  const toggle = (enabled: boolean) => setDemo(enabled).then(() => setError(null), (e: unknown) => setError(errorMessage(e)));
  if (demo)
    return (
      <div className="banner" role="status">
        <span>
          <strong>Demo mode.</strong> The built-in simulator answers every prompt, offline; nothing is billed. Costs use the real
          models’ prices.
        </span>
        <button type="button" onClick={() => void toggle(false)}>
          Leave demo mode
        </button>
        {error && <span role="alert">{error}</span>}
      </div>
    );
  if (!noKey) return null;
  return (
    <div className="banner info" role="status">
      <span>
        <strong>No provider key is set.</strong> Add one under Keys &amp; providers, or try mmrouter with simulated answers first.
      </span>
      <button type="button" className="primary" onClick={() => void toggle(true)}>
        Try demo mode
      </button>
      {error && <span role="alert">{error}</span>}
    </div>
  );
}

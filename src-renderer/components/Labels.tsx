import { pct } from '../format';

/** A classification as badges: complexity, category, confidence. */
export function Labels({ complexity, category, confidence }: { complexity: string | null; category: string | null; confidence: number | null }) {
  if (!complexity && !category) return <span className="muted">not classified (model named)</span>;
  return (
    <span className="row">
      {complexity && <span className="badge accent">{complexity}</span>}
      {category && <span className="badge">{category}</span>}
      {confidence !== null && <span className="muted small">{pct(confidence)} confident</span>}
    </span>
  );
}

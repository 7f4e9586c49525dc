import type { RouteDecisionSchema } from '../../src-shared/contract';
import type { z } from 'zod';
import { ms } from '../format';

type Attempts = Pick<z.infer<typeof RouteDecisionSchema>, 'attempts'>;
/** The request log keeps attempts only; a live decision also has its reasons and chain. */
type Decision = Attempts & Partial<Pick<z.infer<typeof RouteDecisionSchema>, 'reasons' | 'candidates'>>;

/** Why the router chose what it did: its reasons, the candidate chain, and each attempt. */
export function DecisionDetails({ decision }: { decision: Decision }) {
  return (
    <div className={decision.reasons ? 'grid-2' : undefined}>
      {decision.reasons && (
      <div>
        <h3>Why</h3>
        {decision.reasons.length ? (
          <ul className="plain small">
            {decision.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No reasons recorded.</p>
        )}
        {decision.candidates && decision.candidates.length > 0 && (
          <p className="small" style={{ marginTop: 6 }}>
            <span className="muted">Chain: </span>
            {decision.candidates.join(' → ')}
          </p>
        )}
      </div>
      )}
      <div>
        <h3>Attempts</h3>
        <table>
          <thead>
            <tr>
              <th>Model</th>
              <th>Result</th>
              <th className="num">Latency</th>
            </tr>
          </thead>
          <tbody>
            {decision.attempts.map((a, i) => (
              <tr key={i}>
                <td>{a.model}</td>
                <td>
                  {a.ok ? (
                    <span className="badge ok">ok</span>
                  ) : (
                    <>
                      <span className="badge danger">
                        {a.errorClass ?? 'failed'}
                        {a.status ? ` ${a.status}` : ''}
                      </span>
                      {a.message && <div className="muted small">{a.message}</div>}
                    </>
                  )}
                </td>
                <td className="num">{ms(a.latencyMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

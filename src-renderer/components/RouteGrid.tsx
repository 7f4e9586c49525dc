import { CATEGORIES, COMPLEXITIES } from '../../src-shared/labels';
import { readRouteTable, setRouteModel } from '../route-table';

/** The complexity × category table as a form over the same YAML text the editor holds. */
export function RouteGrid({ text, onChange }: { text: string; onChange(text: string): void }) {
  const table = readRouteTable(text);
  if (!table)
    return (
      <div className="empty">
        <strong>The YAML does not parse</strong>
        <span>Fix it in the YAML view first; the table edits the same document.</span>
      </div>
    );
  return (
    <div className="card">
      <p className="muted small">Pick the model each kind of prompt goes to first. Fallbacks and everything else stay as written in the YAML.</p>
      <table className="route-grid">
        <thead>
          <tr>
            <th scope="col">Complexity \ category</th>
            {CATEGORIES.map((cat) => (
              <th key={cat} scope="col">
                {cat}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {COMPLEXITIES.map((cx) => (
            <tr key={cx}>
              <th scope="row">{cx}</th>
              {CATEGORIES.map((cat) => {
                const current = table.cells[cx][cat];
                const options = current && !table.models.includes(current) ? [current, ...table.models] : table.models;
                return (
                  <td key={cat}>
                    <select
                      aria-label={`Model for ${cx} ${cat} prompts`}
                      value={current ?? ''}
                      onChange={(e) => onChange(setRouteModel(text, cx, cat, e.target.value))}
                    >
                      {current === null && <option value="">(not set)</option>}
                      {options.map((m) => (
                        <option key={m} value={m}>
                          {m}
                        </option>
                      ))}
                    </select>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

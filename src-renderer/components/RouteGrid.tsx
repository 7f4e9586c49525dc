import { CellTable } from './CellTable';
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
      <CellTable
        className="route-grid"
        corner="Complexity \ category"
        label="Route table"
        cell={(cx, cat) => {
          const current = table.cells[cx][cat];
          const options = current && !table.models.includes(current) ? [current, ...table.models] : table.models;
          return (
            <select aria-label={`Model for ${cx} ${cat} prompts`} value={current ?? ''} onChange={(e) => onChange(setRouteModel(text, cx, cat, e.target.value))}>
              {current === null && <option value="">(not set)</option>}
              {options.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          );
        }}
      />
    </div>
  );
}

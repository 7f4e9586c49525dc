import type { ReactNode } from 'react';
import { CATEGORIES, COMPLEXITIES, type Category, type Complexity } from '../../src-shared/labels';

/** A complexity × category table (the route table's shape), one cell rendered per pair. */
export function CellTable({ corner, label, className, cell }: { corner: string; label: string; className: string; cell(complexity: Complexity, category: Category): ReactNode }) {
  return (
    <table className={className} aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{corner}</th>
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
            {CATEGORIES.map((cat) => (
              <td key={cat}>{cell(cx, cat)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

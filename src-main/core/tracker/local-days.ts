/** A local calendar day as [start, end) epoch milliseconds, labelled 'YYYY-MM-DD'. */
export interface LocalDay {
  day: string;
  start: number;
  end: number;
}

function label(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The last `days` local days up to and including the one containing `now`, oldest first.
 * Built from calendar dates rather than 24 h steps so days across a DST change stay whole.
 */
export function lastLocalDays(days: number, now: number): LocalDay[] {
  const today = new Date(now);
  const out: LocalDay[] = [];
  for (let back = days - 1; back >= 0; back--) {
    const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back);
    const end = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back + 1);
    out.push({ day: label(start), start: start.getTime(), end: end.getTime() });
  }
  return out;
}

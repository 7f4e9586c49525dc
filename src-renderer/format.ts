/** Display formats shared by the pages. */

/** Dollars with three significant digits below a cent (LLM calls cost fractions of one), cents above. */
export function usd(n: number): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  if (a === 0) return '$0';
  if (a < 1) return `${sign}$${Number(a.toPrecision(3)).toString()}`;
  return `${sign}$${a.toFixed(2)}`;
}

export function pct(n: number, digits = 0): string {
  return `${(n * 100).toFixed(digits)}%`;
}

export function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

export function when(ts: number): string {
  return new Date(ts).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

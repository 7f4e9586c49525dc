import type { RequestRecord } from '../../src-shared/routing';

export function usd(n: number): string {
  if (n === 0) return '$0';
  const abs = Math.abs(n);
  return `${n < 0 ? '-' : ''}$${abs < 0.01 ? abs.toFixed(6) : abs.toFixed(4)}`;
}

export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** The reference's one-line summary: `[simple/factual] model=… cost=$… latency=…ms tokens=…+…`. */
export function routeLine(r: RequestRecord, simulated: boolean): string {
  const cell = r.complexity ? `[${r.complexity}/${r.category}] ` : '[explicit] ';
  const parts = [
    `model=${r.model}${simulated ? ' (simulated)' : ''}`,
    `cost=${usd(r.costUsd)}`,
    `latency=${r.latencyMs}ms`,
    `tokens=${r.usage.inputTokens}+${r.usage.outputTokens}`,
  ];
  if (r.usage.cachedInputTokens) parts.push(`cached=${r.usage.cachedInputTokens}`);
  if (r.confidence !== null) parts.push(`confidence=${r.confidence.toFixed(2)}`);
  if (r.escalated) parts.push('escalated');
  if (r.fallback) parts.push('fallback');
  parts.push(`id=${r.id}`);
  return cell + parts.join(' ');
}

/** Left-aligned first column, right-aligned numbers; for terminals. */
export function table(header: string[], rows: (string | number)[][]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(all[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** Nearest-rank percentile of ascending `sorted` values (an observed value, never interpolated); 0 when empty. */
export function nearestRank(sorted: ArrayLike<number>, pct: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((pct / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] ?? 0;
}

import { debugLog } from '../core/debug-log';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Debug only: names the top-level fields a translated call cannot carry. Whether this request is
 * translated is decided later, per candidate; a relayed call keeps every field.
 */
export function reportUntranslated(body: Record<string, unknown>, carried: ReadonlySet<string>): void {
  const left = Object.keys(body).filter((k) => !carried.has(k) && body[k] != null);
  if (left.length > 0) debugLog(`if translated to another API, this request loses ${left.join(', ')} (a relayed call keeps them)`);
}

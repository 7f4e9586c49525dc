/**
 * `MMROUTER_DEBUG=1`: one line on stderr for what the router did quietly on a user's behalf (a
 * field a translated call could not carry, a setting a model does not take). Read at each call so
 * a test or a running shell can switch it; when off it costs one environment lookup.
 */
export function debugEnabled(): boolean {
  const v = process.env.MMROUTER_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

export function debugLog(message: string): void {
  if (debugEnabled()) console.error(`mmrouter debug: ${message}`);
}

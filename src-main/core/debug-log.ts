/**
 * `MMROUTER_DEBUG=1`: one line on stderr for what the router did quietly on a user's behalf (a
 * field a translated call could not carry, a setting a model does not take). Read once: the
 * request parsers ask on every request, and each `process.env` read is a call into the runtime
 * (~1.5 µs of the proxy's CPU per request, measured with `--cpu-prof`).
 */
let enabled: boolean | undefined;

export function debugEnabled(): boolean {
  return (enabled ??= readFlag());
}

/** Reads MMROUTER_DEBUG again, for a process that changes it while running (the tests do). */
export function rereadDebugFlag(): void {
  enabled = undefined;
}

function readFlag(): boolean {
  const v = process.env.MMROUTER_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

export function debugLog(message: string): void {
  if (debugEnabled()) console.error(`mmrouter debug: ${message}`);
}

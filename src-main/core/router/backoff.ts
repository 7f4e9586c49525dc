import type { CancelSignal } from '../cancel-signal';

/** Longest Retry-After the router will wait on one model before moving to the next candidate. */
export const MAX_RETRY_WAIT_MS = 5_000;

/** Delay before retry number `attempt` (0-based): the upstream's Retry-After, else capped exponential with jitter. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const base = Math.min(200 * 2 ** attempt, 2_000);
  return Math.round(base / 2 + random() * (base / 2));
}

export function sleep(ms: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

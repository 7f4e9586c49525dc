/**
 * V8's young generation for a process that serves the proxy. Each request in flight keeps ~40 kB
 * alive for as long as the upstream takes, so under load every scavenge copies the requests in
 * flight and promotes many to the old space. With 32 MB semi-spaces `bench:proxy` measured 225 µs
 * of CPU per request against 330 on V8's default, back to back (docs/STATUS.md). V8 reads the size
 * only when the isolate is created, hence a flag on the process rather than a runtime setting.
 */
export const PROXY_YOUNG_GENERATION_FLAG = '--max-semi-space-size=32';

/** Whether this process's young generation is already chosen: by us, or by the user's flags or NODE_OPTIONS. */
export function youngGenerationChosen(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((f) => f.startsWith('--max-semi-space-size'));
}

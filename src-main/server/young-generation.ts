/**
 * V8's young generation for a process that only serves the proxy: `serve --workers N`'s workers
 * and the desktop app's proxy process, which are separate processes anyway. Each request in
 * flight keeps ~40 kB alive for as long as the upstream takes, so with V8's default 16 MB
 * semi-spaces every scavenge copies the requests in flight. 32 MB cut CPU per request by ~11–12%
 * while requests allocated more (session 3, early session 5), 0–3% after session 5's cuts, at
 * ~12 MB more peak RSS; a single `serve` does not re-run itself in a second process for that
 * (docs/STATUS.md). V8 reads the size only when the isolate is created, hence a process flag.
 */
export const PROXY_YOUNG_GENERATION_FLAG = '--max-semi-space-size=32';

/** Whether this process's young generation is already chosen: by us, or by the user's flags or NODE_OPTIONS. */
export function youngGenerationChosen(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((f) => f.startsWith('--max-semi-space-size'));
}

/**
 * When to ask Anthropic to cache the prompt prefix. Caching is opt-in per request there
 * (`cache_control` breakpoints) and a prefix shorter than the model's minimum is silently not
 * cached, so we only mark prompts that can benefit: a cache read costs a tenth of fresh input.
 */

/** Anthropic's smallest cacheable prefix (Sonnet/Opus; Haiku needs more and ignores shorter ones). */
export const MIN_CACHEABLE_TOKENS = 1024;

const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface CacheBreakpoint {
  cache_control?: { type: 'ephemeral' } | null;
}

/**
 * Marks the last tool and the last system block as cache breakpoints when the system prompt is
 * long enough to be cached. Tools are marked too because they precede the system prompt in the
 * cached prefix, so a separate breakpoint keeps them cached when only the system prompt changes.
 */
export function annotatePromptCache<S extends CacheBreakpoint, T extends CacheBreakpoint>(
  system: S[],
  systemText: string,
  tools: T[],
): { system: S[]; tools: T[] } {
  if (system.length === 0 || estimateTokens(systemText) < MIN_CACHEABLE_TOKENS) return { system, tools };
  return { system: markLast(system), tools: markLast(tools) };
}

function markLast<X extends CacheBreakpoint>(items: X[]): X[] {
  const last = items.at(-1);
  if (last === undefined) return items;
  return [...items.slice(0, -1), { ...last, cache_control: { type: 'ephemeral' } }];
}

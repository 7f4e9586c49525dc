/**
 * When to ask Anthropic to cache prompt prefixes. Caching is opt-in per request there
 * (`cache_control` breakpoints, at most 4), the cached prefix runs in the order tools → system →
 * messages, and a prefix shorter than the model's minimum is silently not cached. So we mark only
 * stable prefixes long enough to be cached: the tools, the system prompt, and a long first user
 * turn once the conversation has gone past it (the turn every later request repeats). A cache read
 * costs a tenth of fresh input; a write costs a quarter more, so a prefix that is sent once is
 * not marked.
 */

const CHARS_PER_TOKEN = 4;

/** Anthropic's limit on breakpoints per request. */
export const MAX_BREAKPOINTS = 4;

/** The smallest prefix each model caches (Anthropic's prompt-caching docs), by upstream model id. */
const MINIMUMS: readonly [RegExp, number][] = [
  [/haiku-4[-.]5|opus-4[-.][56]/, 4096],
  [/sonnet-4[-.]6|haiku-3|3-5-haiku|3-haiku/, 2048],
];
const DEFAULT_MINIMUM = 1024;

export function minCacheableTokens(upstreamModel: string): number {
  for (const [pattern, tokens] of MINIMUMS) if (pattern.test(upstreamModel)) return tokens;
  return DEFAULT_MINIMUM;
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

type Json = Record<string, unknown>;

/** The parts of an Anthropic Messages body the cache works on; the rest passes through untouched. */
export interface CacheableBody {
  system?: unknown;
  tools?: unknown;
  messages?: unknown;
}

/**
 * Adds cache breakpoints to an Anthropic Messages body (relayed from a client or translated by us)
 * whose sender manages no caching itself: any `cache_control` anywhere means it does, and the
 * body is returned as it came. Returns the same object when nothing is worth marking.
 *
 * `clientJson`, the bytes the body was parsed from, answers that question for most clients at a
 * glance: `"cache_control"` in them can only be a member's name (or a string of just those words),
 * since a quote inside a string is escaped. Claude Code marks its own breakpoints on every
 * request, and serialising its tools and walking its 48 kB to find them cost ~190 µs.
 */
export function annotatePromptCache<B extends CacheableBody>(body: B, upstreamModel: string, clientJson?: Buffer): B {
  if (clientJson?.includes('"cache_control"')) return body;
  const minimum = minCacheableTokens(upstreamModel);
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  const system: Json[] = typeof body.system === 'string' ? (body.system ? [{ type: 'text', text: body.system }] : []) : Array.isArray(body.system) ? (body.system as Json[]) : [];
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];

  // Cheap length checks first: most requests are short and leave here without a walk.
  let prefix = tools.length > 0 ? estimateTokens(JSON.stringify(tools)) : 0;
  const afterTools = prefix;
  for (const block of system) if (typeof block.text === 'string') prefix += estimateTokens(block.text);
  const afterSystem = prefix;
  const first = messages[0];
  const firstUser = first && first.role === 'user' && messages.length > 2 ? first : undefined;
  const firstTokens = firstUser ? estimateTokens(contentText(firstUser.content)) : 0;
  const afterFirst = afterSystem + firstTokens;
  if (afterFirst < minimum) return body;
  if (containsCacheControl(tools) || containsCacheControl(system) || containsCacheControl(messages)) return body;

  let breakpoints = 0;
  const out: CacheableBody = { ...body };
  // Tools get their own breakpoint so they stay cached when only the system prompt changes.
  if (tools.length > 0 && afterTools >= minimum && breakpoints < MAX_BREAKPOINTS) {
    out.tools = markLast(tools);
    breakpoints += 1;
  }
  if (system.length > 0 && afterSystem >= minimum && afterSystem > afterTools && breakpoints < MAX_BREAKPOINTS) {
    out.system = markLast(system);
    breakpoints += 1;
  }
  // A long opening turn (a document, a codebase) that later turns build on.
  if (firstUser && firstTokens >= minimum && breakpoints < MAX_BREAKPOINTS) {
    out.messages = [{ ...firstUser, content: markLast(blocksOf(firstUser.content)) }, ...messages.slice(1)];
    breakpoints += 1;
  }
  return breakpoints > 0 ? (out as B) : body;
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Json[]) : [];
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  if (Array.isArray(content)) for (const b of content as Json[]) if (typeof b.text === 'string') text += b.text;
  return text;
}

function markLast(items: Json[]): Json[] {
  const last = items.at(-1);
  if (last === undefined) return items;
  return [...items.slice(0, -1), { ...last, cache_control: { type: 'ephemeral' } }];
}

/** Anywhere inside: blocks nest (a `tool_result`'s content carries markers of its own). */
function containsCacheControl(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsCacheControl);
  if (typeof value !== 'object' || value === null) return false;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'cache_control' ? inner != null : typeof inner === 'object' && containsCacheControl(inner)) return true;
  }
  return false;
}

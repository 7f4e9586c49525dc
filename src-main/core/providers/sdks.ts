import type * as AnthropicSdk from '@anthropic-ai/sdk';
import type * as OpenAISdk from 'openai';

export interface Sdks {
  anthropic: typeof AnthropicSdk;
  openai: typeof OpenAISdk;
}

let loaded: Sdks | undefined;
let loading: Promise<Sdks> | undefined;

/**
 * The two SDKs take about 0.35 s to import, more than the rest of the CLI together, so they load
 * on a provider's first call: `classify`, `stats`, `eval` and the demo's simulator never pay it.
 */
export function loadSdks(): Promise<Sdks> {
  loading ??= Promise.all([import('@anthropic-ai/sdk'), import('openai')]).then(([anthropic, openai]) => (loaded = { anthropic, openai }));
  return loading;
}

/** The SDKs if a call has loaded them; an SDK error cannot exist before that. */
export function loadedSdks(): Sdks | undefined {
  return loaded;
}

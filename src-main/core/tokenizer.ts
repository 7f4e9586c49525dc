import type * as GptTokenizer from 'gpt-tokenizer';

export type Tokenizer = Pick<typeof GptTokenizer, 'countTokens' | 'encode' | 'decode'>;

let loading: Promise<Tokenizer> | undefined;

/**
 * gpt-tokenizer's BPE tables cost about 70 MB of memory and a slow import, so they load on first
 * use (the simulator, `count_tokens`) instead of in every process that starts the router.
 */
export function loadTokenizer(): Promise<Tokenizer> {
  loading ??= import('gpt-tokenizer');
  return loading;
}

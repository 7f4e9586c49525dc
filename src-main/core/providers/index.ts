export type { ChatProvider, ProviderCallOptions } from './types';
export { ProviderError } from './types';
export type { ProviderContext } from './factory';
export { createProvider, DEFAULT_BASE_URLS } from './factory';
export { resolveApiKey } from './connection';
export { redactSecrets } from './errors';

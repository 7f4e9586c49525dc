import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type KeyCheck = (headers: IncomingHttpHeaders) => boolean;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Builds the check for the configured proxy key. Both sides are hashed first so the comparison
 * is constant-time regardless of the presented key's length. Without a key everything passes.
 */
export function createKeyCheck(apiKey: string | undefined): KeyCheck {
  if (!apiKey) return () => true;
  const expected = digest(apiKey);
  return (headers) => {
    const presented = presentedKey(headers);
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
}

/** OpenAI clients send `Authorization: Bearer`, Anthropic clients `x-api-key` (or Bearer with an auth token). */
function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match) return match[1];
  }
  const xApiKey = headers['x-api-key'];
  return typeof xApiKey === 'string' && xApiKey !== '' ? xApiKey : undefined;
}

import type { ContentPart } from '../../src-shared/chat';

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** Inline `data:` URLs become base64 data so providers that take no URLs (Anthropic) can still see the image. */
export function imagePartFromUrl(url: string): ContentPart {
  const match = DATA_URL.exec(url);
  if (match) return { type: 'image', mediaType: match[1] as string, data: match[2] as string };
  return { type: 'image', url };
}

import { isAscii, isUtf8, transcode } from 'node:buffer';

/** Node built without ICU (`--without-intl`) has no transcode; V8's decoder then does it all. */
const utf16: typeof transcode | undefined = transcode;

/**
 * The text of UTF-8 bytes (a request body, an upstream's answer), as `bytes.toString('utf8')` gives
 * it, made faster for what coding agents send: tens of kilobytes of ASCII with a few other
 * characters (an ellipsis, a dash, an emoji). V8 decodes those at ~0.7 GB/s (65 µs for Claude
 * Code's 48 kB request on Node 20), while ICU transcodes valid UTF-8 to UTF-16 and V8 takes that
 * as it is (13 µs). Invalid UTF-8 is left to V8, so its replacement characters stay the ones Node
 * has always given.
 */
export function utf8Text(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (utf16 && isUtf8(bytes)) return utf16(bytes, 'utf8', 'utf16le').toString('utf16le');
  return bytes.toString('utf8');
}

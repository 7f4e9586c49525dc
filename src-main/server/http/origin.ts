import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host.endsWith('.localhost');
}

function hostnameOf(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Browsers may call the proxy only from pages served on this machine (the GUI, a dev server).
 * Any other web page could otherwise spend the user's provider credit through an open local proxy.
 */
export function isAllowedOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const host = hostnameOf(origin);
  return host !== undefined && isLoopbackHost(host);
}

export function corsHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const origin = headers.origin;
  if (origin === undefined || !isAllowedOrigin(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-expose-headers': 'x-mmrouter-request-id, x-mmrouter-model, x-mmrouter-provider, x-mmrouter-complexity, x-mmrouter-category, x-mmrouter-confidence, x-mmrouter-strategy, x-mmrouter-cost, x-mmrouter-fallback, x-mmrouter-escalated, retry-after',
  };
}

export function preflightHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return {
    ...corsHeaders(headers),
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': headers['access-control-request-headers'] ?? 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta',
    'access-control-max-age': '600',
  };
}

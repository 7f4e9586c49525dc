import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createKeyCheck } from '../http/auth';
import { listen } from '../http/listen';
import { corsHeaders, isAllowedOrigin, isLoopbackHost, preflightHeaders } from '../http/origin';
import { sendJson } from '../http/respond';
import type { AppCore } from './app-core';
import { handleApi } from './http-transport';

export interface DashboardServerOptions {
  core: AppCore;
  host: string;
  port: number;
  /** MMROUTER_API_KEY: required on /api when set, and required to listen beyond loopback. */
  apiKey?: string;
  /** The built renderer (out/renderer); null serves only /api. */
  rendererDir: string | null;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Headers every page and asset carries: no framing by other sites, no content sniffing. */
// The GUI needs nothing but its own origin; styles inline because CodeMirror and recharts set them.
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PAGE_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'content-security-policy': PAGE_CSP };

/**
 * `mmrouter dashboard`'s server: the built GUI and the contract's /api over the headless core,
 * under the proxy's rules. Without an API key it listens on loopback only and answers only
 * requests addressed to this machine (DNS rebinding); web pages of other origins are refused.
 */
export async function startDashboardServer(opts: DashboardServerOptions): Promise<DashboardServer> {
  if (!opts.apiKey && !isLoopbackHost(opts.host)) {
    throw new Error(`refusing to serve the dashboard on ${opts.host} without an API key: anyone who can reach it could change your config and spend your provider credit. Set MMROUTER_API_KEY or leave out --host.`);
  }
  const keyOk = createKeyCheck(opts.apiKey);

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const headers = corsHeaders(req.headers);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, preflightHeaders(req.headers));
      res.end();
      return;
    }
    if (!opts.apiKey && req.headers.host !== undefined && !isLoopbackHost(hostnameOf(req.headers.host))) {
      return sendJson(res, 403, { error: { code: 'invalid_input', message: 'this dashboard only answers requests addressed to localhost' } });
    }
    if (!sameOrAllowedOrigin(req)) return sendJson(res, 403, { error: { code: 'invalid_input', message: 'requests from this web origin are not allowed' } });
    if (path === '/api' || path.startsWith('/api/')) {
      if (!keyOk(req.headers)) return sendJson(res, 401, { error: { code: 'invalid_input', message: 'missing or invalid API key: send MMROUTER_API_KEY as a Bearer token' } }, headers);
      return handleApi(opts.core, req, res, path, headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { code: 'invalid_input', message: `${req.method ?? ''} is not allowed here` } }, { allow: 'GET, HEAD' });
    if (!opts.rendererDir) return sendJson(res, 404, { error: { code: 'not_found', message: 'this server has no GUI; use /api' } });
    serveStatic(opts.rendererDir, path, res);
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch((err: unknown) => {
      process.stderr.write(`mmrouter dashboard: ${err instanceof Error ? err.message : String(err)}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error in the mmrouter dashboard' } });
      else res.destroy();
    });
  });
  return {
    url: await listen(server, opts.port, opts.host),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams never end on their own.
        server.closeAllConnections();
      }),
  };
}

function hostnameOf(hostHeader: string): string {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return '';
  }
}

/** Loopback pages (the GUI, a dev server) and the dashboard's own pages, whatever host it is reached at. */
function sameOrAllowedOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || isAllowedOrigin(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** A file of the built GUI; paths that are not files get index.html (the GUI routes itself). */
function serveStatic(root: string, path: string, res: ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = '/';
  }
  const file = normalize(join(root, decoded));
  const inside = file.startsWith(root.endsWith(sep) ? root : root + sep);
  const target = inside && isFile(file) ? file : join(root, 'index.html');
  const type = CONTENT_TYPES[extname(target)] ?? 'application/octet-stream';
  // Hashed assets never change; index.html must be refetched to pick up a new build.
  const cache = target.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { ...PAGE_HEADERS, 'content-type': type, 'cache-control': cache, 'content-length': statSync(target).size });
  if (res.req.method === 'HEAD') res.end();
  else createReadStream(target).pipe(res);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * One keep-alive pool per protocol for every upstream call, SDK or native: a fresh connection
 * per request would cost a TCP (and TLS) handshake each time. LIFO keeps the warmest sockets busy
 * so idle ones can time out.
 */
const agentOptions = { keepAlive: true, maxSockets: 512, scheduling: 'lifo' as const };
export const httpAgent = new HttpAgent(agentOptions);
export const httpsAgent = new HttpsAgent(agentOptions);

/** We never ask for compression, but a server (or a proxy in front of it) may still send it. */
export function decodedBody(res: IncomingMessage): Readable {
  switch (res.headers['content-encoding']) {
    case 'gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}

import { createServer, type Server } from 'node:net';

/** Holds a loopback port the way another program would, until released. Port 0 picks a free one. */
export async function occupyPort(port = 0): Promise<{ port: number; release(): Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const held = await occupyPort();
  await held.release();
  return held.port;
}

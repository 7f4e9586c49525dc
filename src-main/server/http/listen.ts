import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and resolves with the base URL (http://host:port, IPv6 in brackets); rejects with the listen error (EADDRINUSE…). */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

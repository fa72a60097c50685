/**
 * Servers that misbehave on purpose, on loopback: one that accepts connections and never answers
 * (a directory that hangs), and one that counts the connections it gets (the target of a
 * referral, which must never be contacted). Both stopped by the test.
 */
import { createServer, type Socket } from 'node:net';

export type TFakeServer = { port: number; url: string; connections(): number; stop(): Promise<void> };

export async function startSilentServer(): Promise<TFakeServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `ldap://127.0.0.1:${port}`,
    connections: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

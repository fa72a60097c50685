import { isIP } from 'node:net';

/** Where a proxy on the same machine reaches Gatehouse, given the address it listens on. */
export function gatehouseUpstreamFor(listenHost: string, port: number): string {
  const host = listenHost.replace(/^\[(.*)\]$/, '$1');
  // Wildcards and loopback names all accept connections on 127.0.0.1.
  if (host === '0.0.0.0' || host === '::' || host === 'localhost' || host.startsWith('127.')) return `http://127.0.0.1:${port}`;
  if (isIP(host) === 6) return `http://[${host}]:${port}`;
  return `http://${host}:${port}`;
}

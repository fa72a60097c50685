/**
 * Opens one connection to the directory: the servers in the configured order, the first that
 * answers wins. ldaps:// or StartTLS verify the server's certificate against the system's CAs and
 * GATEHOUSE_LDAP_CA (unless GATEHOUSE_LDAP_TLS_VERIFY=false), with the host name checked.
 *
 * A connection is used once: ldapts would otherwise reconnect by itself after the server closed
 * an idle socket, and with StartTLS that new socket would carry the next bind in clear text. The
 * socket factories here refuse a second connection, so a closed connection only ever fails (the
 * pool then opens a new one, through StartTLS again).
 */
import { connect as netConnect, isIP, Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import type { DirectorySettings } from './directory-settings';
import { DirectoryError, directoryErrorOf } from './directory-error';

export type TlsDetails = { protocol: string | null; cipher: string | null; peerSubject: string | null; peerIssuer: string | null; validTo: string | null };
export type OpenConnection = { client: Client; url: string; tls: TlsDetails | null };

const WHO_AM_I = '1.3.6.1.4.1.4203.1.11.3';

function refusedSocket(): Socket {
  const socket = new Socket();
  queueMicrotask(() => socket.destroy(new Error('the connection closed (not reopened: a new one is opened instead)')));
  return socket;
}

export function tlsOptionsFor(settings: DirectorySettings, host: string): ConnectionOptions {
  return {
    // The name the certificate must carry (StartTLS upgrades a socket, so Node is not told the host otherwise).
    host,
    rejectUnauthorized: settings.tlsVerify,
    minVersion: 'TLSv1.2',
    ...(settings.ca ? { ca: [...rootCertificates, settings.ca] } : {}),
    ...(isIP(host) ? {} : { servername: host }),
  };
}

const first = (value: string | string[] | undefined): string | null => (Array.isArray(value) ? value[0] : value) ?? null;

function tlsDetailsOf(socket: unknown): TlsDetails | null {
  const tls = socket as Partial<TLSSocket> | undefined;
  if (!tls || typeof tls.getPeerCertificate !== 'function') return null;
  const peer = tls.getPeerCertificate();
  return {
    protocol: tls.getProtocol?.() ?? null,
    cipher: tls.getCipher?.()?.name ?? null,
    peerSubject: first(peer?.subject?.CN),
    peerIssuer: first(peer?.issuer?.CN),
    validTo: peer?.valid_to ?? null,
  };
}

async function openOne(settings: DirectorySettings, url: string): Promise<OpenConnection> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const tlsOptions = tlsOptionsFor(settings, host);
  let opened = false;
  const once = <T extends Socket>(open: () => T): T | Socket => {
    if (opened) return refusedSocket();
    opened = true;
    return open();
  };
  const client = new Client({
    url,
    timeout: settings.timeoutMs,
    connectTimeout: settings.timeoutMs,
    // ldapts treats any tlsOptions as "connect with TLS": only for ldaps:// (StartTLS gets them below).
    ...(url.startsWith('ldaps:') ? { tlsOptions } : {}),
    strictDN: false,
    createConnection: ((port: number, h: string) => once(() => netConnect(port, h))) as typeof netConnect,
    createSecureConnection: ((portOrOptions: number | ConnectionOptions, h?: string, options?: ConnectionOptions) =>
      typeof portOrOptions === 'number' ? once(() => tlsConnect(portOrOptions, h, options)) : tlsConnect(portOrOptions)) as typeof tlsConnect,
  });
  try {
    // ldapts connects on first use: connect now, so the next server is tried when this one fails.
    // "Who am I?" is harmless; a server that does not know it still answered (a result code).
    if (settings.startTls) await client.startTLS(tlsOptions);
    else
      await client.exop(WHO_AM_I).catch((error: unknown) => {
        if (!(error instanceof ResultCodeError)) throw error;
      });
    const socket = (client as unknown as { socket?: unknown }).socket;
    return { client, url, tls: url.startsWith('ldaps:') || settings.startTls ? tlsDetailsOf(socket) : null };
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw directoryErrorOf(error, url);
  }
}

/**
 * A connection to the first configured server that answers (and completes TLS). Throws a
 * DirectoryError: a TLS refusal when any server refused TLS (so a certificate problem is not
 * hidden behind "unreachable"), else the last server's failure, naming every server tried.
 */
export async function openConnection(settings: DirectorySettings): Promise<OpenConnection> {
  const failures: DirectoryError[] = [];
  for (const url of settings.urls) {
    try {
      return await openOne(settings, url);
    } catch (error) {
      failures.push(directoryErrorOf(error, url));
    }
  }
  const tls = failures.find((f) => f.failure === 'tls');
  const last = tls ?? failures.at(-1) ?? new DirectoryError('unreachable', 'No directory server is configured.');
  return Promise.reject(new DirectoryError(last.failure, failures.map((f) => f.adminMessage).join(' ')));
}

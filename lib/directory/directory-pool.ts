/**
 * The pooled connections to the directory, one pool per configuration (a changed configuration
 * gets a new pool; the old one is closed). Two kinds, never mixed:
 * - service connections, bound as the service account (or anonymous), for look-ups;
 * - bind connections, used only to check a user's password (a bind changes who the connection
 *   is, so nothing else ever runs on them).
 * Each connection serves one operation at a time; up to POOL_SIZE of each are open, the rest
 * wait. A connection that failed or was closed is dropped and a new one opened (through the
 * servers in order, with TLS) on the next use.
 */
import { type Client, InvalidCredentialsError } from 'ldapts';
import { DirectoryError, directoryErrorOf } from './directory-error';
import type { DirectorySettings } from './directory-settings';
import { type OpenConnection, openConnection } from './open-connection';

const POOL_SIZE = 4;

type Kind = 'service' | 'bind';

class ConnectionPool {
  private idle: OpenConnection[] = [];
  private open = 0;
  private waiting: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly settings: DirectorySettings,
    private readonly kind: Kind,
  ) {}

  private async acquire(): Promise<OpenConnection> {
    for (;;) {
      if (this.closed) throw new DirectoryError('unreachable', 'The directory configuration changed while waiting for a connection.');
      const ready = this.idle.pop();
      if (ready) {
        if (ready.client.isConnected) return ready;
        this.open--;
        continue;
      }
      if (this.open < POOL_SIZE) {
        this.open++;
        try {
          const connection = await openConnection(this.settings);
          if (this.kind === 'service' && this.settings.bind)
            await connection.client.bind(this.settings.bind.dn, this.settings.bind.password).catch((error: unknown) => {
              void connection.client.unbind().catch(() => undefined);
              throw error instanceof InvalidCredentialsError
                ? new DirectoryError('service-bind', `${connection.url}: the service account (GATEHOUSE_LDAP_BIND_DN) was refused: wrong DN or password.`)
                : directoryErrorOf(error, connection.url);
            });
          return connection;
        } catch (error) {
          this.release(null);
          throw error;
        }
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Gives a connection back (null: it is gone) and wakes one waiter. */
  private release(connection: OpenConnection | null): void {
    if (connection?.client.isConnected && !this.closed) this.idle.push(connection);
    else {
      this.open--;
      if (connection) void connection.client.unbind().catch(() => undefined);
    }
    this.waiting.shift()?.();
  }

  /** Runs `work` on a connection of this pool; a connection whose work failed is not reused. */
  async use<T>(work: (client: Client, url: string) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    let healthy = false;
    try {
      const result = await work(connection.client, connection.url);
      healthy = true;
      return result;
    } catch (error) {
      // A refused password is an answer, not a broken connection.
      healthy = error instanceof InvalidCredentialsError;
      throw error;
    } finally {
      this.release(healthy ? connection : null);
      if (!healthy) void connection.client.unbind().catch(() => undefined);
    }
  }

  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) void connection.client.unbind().catch(() => undefined);
    for (const wake of this.waiting.splice(0)) wake();
  }
}

type Pools = { key: string; service: ConnectionPool; bind: ConnectionPool };
const POOLS = Symbol.for('gatehouse.directory.pools');
type Holder = { [POOLS]?: Pools };

function poolsFor(settings: DirectorySettings): Pools {
  const holder = globalThis as Holder;
  const key = JSON.stringify([settings.urls, settings.startTls, settings.ca, settings.tlsVerify, settings.bind, settings.timeoutMs]);
  const current = holder[POOLS];
  if (current?.key === key) return current;
  current?.service.close();
  current?.bind.close();
  const pools = { key, service: new ConnectionPool(settings, 'service'), bind: new ConnectionPool(settings, 'bind') };
  holder[POOLS] = pools;
  return pools;
}

/** Runs `work` on a pooled service connection. Connection failures become DirectoryErrors. */
export async function withServiceConnection<T>(settings: DirectorySettings, work: (client: Client, url: string) => Promise<T>): Promise<T> {
  return poolsFor(settings).service.use(async (client, url) => {
    try {
      return await work(client, url);
    } catch (error) {
      throw directoryErrorOf(error, url);
    }
  });
}

/**
 * Active Directory (and Samba) refuse a bind with invalidCredentials and a sub-code in the
 * diagnostic message, `…AcceptSecurityContext error, data <code>, v…`. A wrong password is `52e`,
 * for every account; these say more, and all but `775` come only with the RIGHT password (checked
 * against Samba: a wrong one still gets `52e`):
 * `533` account disabled, `701` account expired, `532` password expired, `773` password must be
 * changed, `775` account locked out (with any password).
 */
export const AD_BIND_REFUSALS = {
  '533': 'disabled',
  '701': 'account_expired',
  '532': 'password_expired',
  '773': 'password_must_change',
  '775': 'locked',
} as const;
export type AdBindRefusal = (typeof AD_BIND_REFUSALS)[keyof typeof AD_BIND_REFUSALS];

/** What an Active Directory bind refusal says beyond "wrong credentials", or null. */
export function adBindRefusal(error: unknown): AdBindRefusal | null {
  if (!(error instanceof InvalidCredentialsError)) return null;
  const code = /\bdata ([0-9a-f]{3})\b/i.exec(error.message)?.[1]?.toLowerCase();
  return code !== undefined && Object.hasOwn(AD_BIND_REFUSALS, code) ? AD_BIND_REFUSALS[code as keyof typeof AD_BIND_REFUSALS] : null;
}

/**
 * Binds as `dn` with `password` on a pooled bind connection: 'accepted'; 'refused' when the
 * directory refuses the credentials; an AdBindRefusal when Active Directory says more (adBindRefusal);
 * a DirectoryError when it cannot answer. The caller has already refused an empty password (an
 * unauthenticated bind "succeeds").
 */
export async function bindAsDirectoryUser(settings: DirectorySettings, dn: string, password: string): Promise<'accepted' | 'refused' | AdBindRefusal> {
  if (password === '' || dn === '') throw new Error('bindAsDirectoryUser: empty DN or password');
  try {
    await poolsFor(settings).bind.use((client) => client.bind(dn, password));
    return 'accepted';
  } catch (error) {
    const refusal = adBindRefusal(error);
    if (refusal) return refusal;
    if (error instanceof InvalidCredentialsError) return 'refused';
    throw directoryErrorOf(error, settings.urls.join(', '));
  }
}

/** True only when the directory accepts the password (bindAsDirectoryUser answered 'accepted'). */
export async function checkDirectoryPassword(settings: DirectorySettings, dn: string, password: string): Promise<boolean> {
  return (await bindAsDirectoryUser(settings, dn, password)) === 'accepted';
}

/** Closes every pooled connection (tests, and a process about to exit). */
export function closeDirectoryPools(): void {
  const holder = globalThis as Holder;
  holder[POOLS]?.service.close();
  holder[POOLS]?.bind.close();
  delete holder[POOLS];
}

/**
 * Hears what the other instances announce (lib/events/announce.ts) and publishes it on this
 * process's local bus, whatever the topic. It LISTENs on a connection of its own (a `pg` client
 * outside Prisma's pool: a pooled connection would be handed to other queries and lose the
 * LISTEN). When that connection drops it reconnects with backoff (0.25 s doubling to 10 s) and,
 * once listening again, publishes "caches-stale": whatever was announced in between is lost, so
 * every cache forgets what it holds. A heartbeat query notices a connection that died silently.
 */
import pg from 'pg';
import { publish, publishRemote } from '../events/local-bus';
import { CHANNEL, decodeMessage } from '../events/wire';

export const APPLICATION_NAME = 'gatehouse-events';

export type ListenerStats = {
  /** Messages from other instances published here. */
  applied: number;
  /** This instance's own messages, skipped (it published them locally after the commit). */
  ownSkipped: number;
  /** Payloads that were not ours (ignored). */
  malformed: number;
  /** LISTENs after a lost or failed connection (each followed by a resync). */
  reconnects: number;
  listening: boolean;
};

export type EventListener = { stats(): ListenerStats; stop(): Promise<void> };

export type ListenerOptions = {
  connectionString: string;
  origin: string;
  log?: (line: string) => void;
  heartbeatMs?: number;
  maxBackoffMs?: number;
};

export function startEventListener(options: ListenerOptions): EventListener {
  const log = options.log ?? ((line: string) => console.error(line));
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const stats: ListenerStats = { applied: 0, ownSkipped: 0, malformed: 0, reconnects: 0, listening: false };
  let client: pg.Client | null = null;
  let stopped = false;
  // Set when a connection was lost (or never made): the next LISTEN resynchronises.
  let missed = false;
  let backoffMs = 250;
  let retry: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const decoded = decodeMessage(message.payload);
    if (!decoded) {
      stats.malformed++;
      return;
    }
    if (decoded.origin === options.origin) {
      stats.ownSkipped++;
      return;
    }
    stats.applied++;
    publishRemote(decoded.topic, decoded.event);
  };

  const lost = (current: pg.Client, reason: string) => {
    if (client !== current) return;
    client = null;
    missed = true;
    stats.listening = false;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    current.removeAllListeners('notification');
    current.end().catch(() => undefined);
    if (stopped) return;
    log(`[gatehouse] instance events: connection lost (${reason}); reconnecting in ${backoffMs} ms`);
    retry = setTimeout(connect, backoffMs);
    retry.unref();
    backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
  };

  async function connect(): Promise<void> {
    retry = null;
    if (stopped) return;
    const current = new pg.Client({
      connectionString: options.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      // Named, so an operator (and a test) can tell it in pg_stat_activity.
      application_name: APPLICATION_NAME,
    });
    client = current;
    current.on('error', (error) => lost(current, error.message));
    current.on('end', () => lost(current, 'closed'));
    current.on('notification', onNotification);
    try {
      await current.connect();
      await current.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      lost(current, (error as Error).message);
      return;
    }
    if (client !== current) return;
    stats.listening = true;
    backoffMs = 250;
    heartbeat = setInterval(() => {
      current.query('SELECT 1').catch((error: Error) => lost(current, error.message));
    }, heartbeatMs);
    heartbeat.unref();
    if (missed) {
      missed = false;
      stats.reconnects++;
      log('[gatehouse] instance events: listening again; every cache is treated as stale');
      publish('caches-stale', { reason: 'reconnected' });
    }
  }

  void connect();
  return {
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      const current = client;
      client = null;
      stats.listening = false;
      await current?.end().catch(() => undefined);
    },
  };
}

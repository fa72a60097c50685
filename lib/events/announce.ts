/**
 * Announces a change in the transaction that makes it. On PostgreSQL the announcement is a
 * `pg_notify` on that transaction, so the other instances hear it when (and only when) it commits
 * (lib/instances/event-listener.ts); on both dialects this process publishes it on its local bus
 * right after the commit, so its own caches never wait for the round trip and never hear it twice
 * (a listener skips its own instance's messages). A rolled-back change announces nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterCommit, transactionDialect } from '../db/after-commit';
import { dialectOf, type Db, type DbOrTx } from '../db';
import { publish, type LocalEvents, type Topic } from './local-bus';
import { CHANNEL, encodeMessages } from './wire';

const KEY = Symbol.for('gatehouse.instanceId');

/** This process's id in announcements (shared through globalThis by the server and Next's bundles). */
export function instanceId(): string {
  const holder = globalThis as { [KEY]?: string };
  return (holder[KEY] ??= randomUUID());
}

function dialectOfAny(db: DbOrTx) {
  const inTransaction = transactionDialect(db);
  if (inTransaction) return inTransaction;
  try {
    return dialectOf(db as Db);
  } catch {
    return null;
  }
}

/**
 * Call inside the transaction, after the change. `here: false` when this process applies the
 * change itself after the commit (saved settings are applied by the save).
 */
export async function announce<T extends Exclude<Topic, 'caches-stale'>>(
  tx: DbOrTx,
  topic: T,
  event: LocalEvents[T],
  options: { here?: boolean } = {},
): Promise<void> {
  if (dialectOfAny(tx) === 'postgresql') {
    for (const payload of encodeMessages(instanceId(), topic, event as Record<string, unknown>)) {
      await tx.$executeRawUnsafe('SELECT pg_notify($1, $2)', CHANNEL, payload);
    }
  }
  if (options.here !== false) afterCommit(tx, () => publish(topic, event));
}

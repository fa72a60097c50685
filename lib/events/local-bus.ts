/**
 * In-process notifications between the parts of one Gatehouse process: "these sessions ended",
 * "the access rules changed". Shared through globalThis because Next's bundles and the Gatehouse
 * server (lib/server) load separate copies of this module in the same process. Changes are
 * announced in their transaction (lib/events/announce.ts); on PostgreSQL other instances hear
 * them through LISTEN/NOTIFY and publish them here too (lib/instances), whatever the topic.
 */
export type LocalEvents = {
  'sessions-revoked': { tokenHashes?: string[]; userIds?: string[] };
  'rules-changed': Record<string, never>;
  'app-tokens-changed': { tokenHashes?: string[]; userIds?: string[] };
  /** An admin lifted the ban on these client addresses. */
  'address-bans-lifted': { addresses: string[] };
  /** A ban was placed (any instance): the verify path reads the bans in force again. */
  'bans-changed': Record<string, never>;
  /** An admin saved settings: every instance applies the stored settings again. */
  'settings-changed': Record<string, never>;
  /**
   * Notifications may have been missed (the LISTEN connection was lost, or an announcement was too
   * large to send): every cache forgets what it holds and reloads. Local only, never announced.
   */
  'caches-stale': { reason: 'reconnected' | 'overflow' };
  /** OpenID Connect clients were created, changed or deleted (none named: any may have). */
  'oidc-clients-changed': { clientIds?: string[] };
};

export type Topic = keyof LocalEvents;
type Listener<T extends Topic> = (event: LocalEvents[T]) => void;

const KEY = Symbol.for('gatehouse.localBus');
type Holder = { [KEY]?: Map<Topic, Set<Listener<Topic>>> };

function listeners<T extends Topic>(topic: T): Set<Listener<T>> {
  const holder = globalThis as Holder;
  const all = (holder[KEY] ??= new Map());
  if (!all.has(topic)) all.set(topic, new Set());
  return all.get(topic) as unknown as Set<Listener<T>>;
}

export function publish<T extends Topic>(topic: T, event: LocalEvents[T]): void {
  for (const listener of listeners(topic)) {
    try {
      listener(event);
    } catch (error) {
      console.error(`[gatehouse] ${topic} listener failed:`, error);
    }
  }
}

/**
 * Publishes what another instance announced (lib/instances/event-listener.ts): any topic, even
 * one this build has no listener for, checked only for shape (wire.ts).
 */
export function publishRemote(topic: string, event: Record<string, unknown>): void {
  publish(topic as Topic, event as LocalEvents[Topic]);
}

export function subscribe<T extends Topic>(topic: T, listener: Listener<T>): () => void {
  listeners(topic).add(listener);
  return () => listeners(topic).delete(listener);
}

/**
 * In-process notifications between the parts of one Gatehouse process: "these sessions ended",
 * "the access rules changed". Shared through globalThis because Next's bundles and the Gatehouse
 * server (lib/server) load separate copies of this module in the same process. Other instances
 * learn the same facts from the database within the verify cache lifetime.
 */
export type LocalEvents = {
  'sessions-revoked': { tokenHashes?: string[]; userIds?: string[] };
  'rules-changed': Record<string, never>;
  'app-tokens-changed': { tokenHashes?: string[]; userIds?: string[] };
  /** An admin lifted the ban on these client addresses. */
  'address-bans-lifted': { addresses: string[] };
  /** OpenID Connect clients were created, changed or deleted (none named: any may have). */
  'oidc-clients-changed': { clientIds?: string[] };
};

type Topic = keyof LocalEvents;
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

export function subscribe<T extends Topic>(topic: T, listener: Listener<T>): () => void {
  listeners(topic).add(listener);
  return () => listeners(topic).delete(listener);
}

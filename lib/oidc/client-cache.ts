/**
 * Client metadata kept in memory between requests: every token, userinfo and introspection call
 * names its client, and the row changes only when an admin edits it. Bounded (least recently
 * used out first), each entry at most `ttlMs` old, and dropped at once when the client use cases
 * publish 'oidc-clients-changed' (lib/oidc/clients/*; other instances hear it over the bus's
 * PostgreSQL transport).
 *
 * A load that raced with a change never fills the cache: each change bumps a generation, and a
 * load started before it is returned to its own request but not kept. What is security-relevant
 * is never taken from here: the secret is checked against the row (lib/oidc/client-auth.ts) and
 * the account read goes through the client's row to its application (lib/oidc/oidc-store.ts),
 * so a deleted client's cached metadata authenticates nothing and obtains nothing.
 */
import { subscribe } from '../events/local-bus';

export type ClientMetadata = Record<string, unknown>;

export type ClientCache = {
  /** The client's metadata, from memory or `load` (undefined: no such client; not kept). */
  get(id: string, load: (id: string) => Promise<ClientMetadata | undefined>): Promise<ClientMetadata | undefined>;
  /** Forgets these clients, or every client. */
  invalidate(ids?: readonly string[]): void;
  readonly size: number;
};

export type ClientCacheOptions = { max?: number; ttlMs?: number; now?: () => number };

export const CLIENT_CACHE_MAX = 1_000;
export const CLIENT_CACHE_TTL_MS = 60_000;

export function createClientCache(options: ClientCacheOptions = {}): ClientCache {
  const max = options.max ?? CLIENT_CACHE_MAX;
  const ttlMs = options.ttlMs ?? CLIENT_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { metadata: ClientMetadata; at: number }>();
  let generation = 0;

  return {
    async get(id, load) {
      const hit = entries.get(id);
      if (hit && now() - hit.at < ttlMs) {
        // Most recently used last: the first entry is the one to evict.
        entries.delete(id);
        entries.set(id, hit);
        return { ...hit.metadata };
      }
      if (hit) entries.delete(id);
      const started = generation;
      const at = now();
      const metadata = await load(id);
      if (metadata && started === generation) {
        entries.delete(id);
        entries.set(id, { metadata, at });
        while (entries.size > max) entries.delete(entries.keys().next().value as string);
      }
      return metadata ? { ...metadata } : undefined;
    },
    invalidate(ids) {
      generation++;
      if (!ids) entries.clear();
      else for (const id of ids) entries.delete(id);
    },
    get size() {
      return entries.size;
    },
  };
}

const KEY = Symbol.for('gatehouse.oidcClientCache');
type Holder = { [KEY]?: ClientCache };

/** The process's cache, listening to 'oidc-clients-changed' from its first use. */
export function processClientCache(): ClientCache {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const cache = createClientCache();
    subscribe('oidc-clients-changed', (event) => cache.invalidate(event.clientIds));
    holder[KEY] = cache;
  }
  return holder[KEY];
}

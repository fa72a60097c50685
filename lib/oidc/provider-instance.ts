/**
 * The one provider of this process, built on first use and rebuilt when what it is made of
 * changes: the issuer (GATEHOUSE_URL, which an admin can change in Settings at run time) or the
 * published signing keys (a rotation here or on another instance; checked at most every
 * KEYS_CHECK_MS). Requests in flight keep the instance they started with.
 */
import type { Provider } from 'oidc-provider';
import { getEnv, type DatabaseConfig } from '../config';
import { getDb } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { loadOidcLibrary } from './oidc-library';
import { createOidcStore, type OidcStore } from './oidc-store';
import { buildProvider } from './provider';
import { loadSigningJwks, signingKeysFingerprint } from './signing-keys';

const KEYS_CHECK_MS = 5_000;

type Built = { issuer: string; fingerprint: string; provider: Provider; checkedAt: number };

let built: Built | null = null;
/** One set of prepared reads per process and database, shared by every provider built. */
let store: { url: string; opened: Promise<OidcStore> } | null = null;

function storeFor(database: DatabaseConfig): Promise<OidcStore> {
  if (store?.url !== database.url) {
    const entry = { url: database.url, opened: createOidcStore(database, getDb) };
    entry.opened.catch(() => {
      if (store === entry) store = null;
    });
    store = entry;
  }
  return store.opened;
}
let building: Promise<Built> | null = null;

export type ProviderContext = { meta: () => RequestMeta };

async function build(issuer: string, fingerprint: string, context: ProviderContext): Promise<Built> {
  await loadOidcLibrary();
  const db = getDb();
  const jwks = await loadSigningJwks(db, getEnv());
  if (jwks.keys.length === 0) throw new Error('no OpenID Connect signing keys: ensureSigningKeys must run at start');
  const opened = await storeFor(getEnv().database);
  const provider = buildProvider(issuer, jwks, { db: getDb, store: () => opened, env: getEnv, meta: context.meta });
  return { issuer, fingerprint, provider, checkedAt: Date.now() };
}

/** The provider for the current issuer and keys. `context.meta` reads the request being answered (for audit events). */
export async function getOidcProvider(context: ProviderContext): Promise<Provider> {
  const issuer = getEnv().url;
  const current = built;
  if (current && current.issuer === issuer && Date.now() - current.checkedAt < KEYS_CHECK_MS) return current.provider;
  if (building) return (await building).provider;
  building = (async () => {
    try {
      const fingerprint = await signingKeysFingerprint(getDb());
      if (current && current.issuer === issuer && current.fingerprint === fingerprint) {
        current.checkedAt = Date.now();
        return current;
      }
      built = await build(issuer, fingerprint, context);
      return built;
    } finally {
      building = null;
    }
  })();
  return (await building).provider;
}

/** For tests: forget the built provider. */
export function resetOidcProvider(): void {
  built = null;
}

/** What the provider is built from: the database, the configuration slices it reads, the request's metadata. */
import type { CookieEnv, RegulationEnv, SecretsEnv, SessionEnv } from '../config';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import type { OidcStore } from './oidc-store';

export type ProviderEnv = SessionEnv & CookieEnv & SecretsEnv & RegulationEnv;

export type ProviderDeps = {
  db: () => Db;
  /** The provider's prepared reads (lib/oidc/oidc-store.ts). */
  store: () => OidcStore;
  env: () => ProviderEnv;
  /** The request being answered (audit events). */
  meta: () => RequestMeta;
};

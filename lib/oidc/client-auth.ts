/**
 * Client authentication at the token, revocation and introspection endpoints
 * (client_secret_basic / client_secret_post). The library compares the presented secret with the
 * client's `client_secret` metadata (lib/shared/client_auth.js → Client#compareClientSecret);
 * Gatehouse stores only the SHA-256 of the secret, so the comparison is of sha256Hex(presented)
 * with the stored hash, in constant time.
 *
 * Regulated like every credential check (lib/regulation/credentials.ts), per client id and per
 * client address: a banned client or address is refused (invalid_client) whatever it sends. A wrong
 * secret is admitted and counted atomically before it is refused; the right one (256 random bits:
 * nothing to guess) only checks that no ban is in force, without writing. A failure is audited as `oidc.client_auth_failed`
 * in the transaction that counts it. An unknown client id counts against the address.
 *
 * The secret is compared with the hash read from the client's row in the same statement as the
 * bans (lib/oidc/oidc-store.ts), never with cached metadata: a rotated secret or a deleted client
 * stops authenticating at once, on every instance.
 */
import type { ClientInstance, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { logEvent } from '../audit/log-event';
import type { RegulationPolicy } from '../config';
import { safeEqual, sha256Hex } from '../crypto';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { admitCredentialCheck, recordCredentialFailure, subjectsOf } from '../regulation/credentials';
import { importedSecretMatches } from './clients/imported-client-secret';
import type { OidcStore } from './oidc-store';

export type ClientAuthDeps = { db: () => Db; store: () => OidcStore; policy: () => RegulationPolicy; meta: () => RequestMeta };

/** sha256Hex(presented) against the stored hash, in constant time; anything but a non-empty string fails. */
export function secretMatches(presented: unknown, storedHash: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || typeof storedHash !== 'string') return false;
  return safeEqual(sha256Hex(presented), storedHash);
}

async function auditFailure(db: Db, meta: RequestMeta, client: { id: string; name: string } | null, reason: string): Promise<void> {
  await logEvent(db, {
    type: 'oidc.client_auth_failed',
    outcome: 'failure',
    target: client ? { type: 'oidc_client', ...client } : null,
    meta,
    data: { reason },
  });
}

export function installClientAuth(provider: Provider, deps: ClientAuthDeps): void {
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(this: ClientInstance, presented: string): Promise<boolean> {
    const db = deps.db();
    const meta = deps.meta();
    const client = { id: this.clientId, name: this.clientName ?? this.clientId };
    // The right secret costs one read (the row's hash, and is a ban in force?), never a write: this
    // is every token, refresh, revocation and introspection call of a confidential client (bench:oidc).
    const row = await deps.store().clientAuth(this.clientId, subjectsOf({ clientId: this.clientId, ip: meta.ip }));
    if (row && (secretMatches(presented, row.secretHash) || (await importedSecretMatches(presented, row.secretHash)))) {
      if (!row.lockedUntil || row.lockedUntil.getTime() <= Date.now()) return true;
      await auditFailure(db, meta, client, 'banned');
      return false;
    }
    // A wrong secret is admitted and counted as one atomic decision, so a burst of guesses is
    // checked at most up to the limit before the ban refuses the rest (and the right one).
    const admission = await admitCredentialCheck(db, {
      clientId: this.clientId,
      ip: meta.ip,
      policy: deps.policy(),
      meta,
      check: 'OpenID Connect client secret',
    });
    if (!admission.admitted) {
      await auditFailure(db, meta, client, 'banned');
      return false;
    }
    await admission.attempt.failed({
      record: (tx) =>
        logEvent(tx, {
          type: 'oidc.client_auth_failed',
          outcome: 'failure',
          target: { type: 'oidc_client', ...client },
          meta,
          data: { reason: 'wrong_secret' },
        }),
    });
    return false;
  };

  // An unknown client id ("client not found") never reaches the comparison: count the address.
  const onError = (_ctx: KoaContextWithOIDC, error: { error?: string; error_detail?: string }) => {
    if (error.error !== 'invalid_client' || error.error_detail !== 'client not found') return;
    const meta = deps.meta();
    void Promise.all([
      recordCredentialFailure(deps.db(), { ip: meta.ip, policy: deps.policy(), meta, check: 'OpenID Connect client id' }),
      auditFailure(deps.db(), meta, null, 'unknown_client'),
    ]).catch((failure: unknown) => console.error('[gatehouse] oidc client failure not recorded:', failure));
  };
  for (const event of ['grant.error', 'introspection.error', 'revocation.error']) provider.on(event, onError);
}

/**
 * Paperless's app tokens on the verify endpoint, registered as a credential source
 * (lib/verify/credential-source.ts) by the process before the verify runtime starts
 * (lib/server/verify-sources.ts). Its own lookup: the token by its hash with its user, groups,
 * sealed real Paperless token and the saved Paperless URL, in ONE indexed query on the verify
 * endpoint's read connection; its own cache, "last used" writes and change events.
 */
import { openSecret } from '../crypto';
import { subscribe } from '../events/local-bus';
import { registerCredentialSource, type CredentialSourcePlugin } from '../verify/credential-source';
import { SessionCache } from '../verify/session-cache';
import { inChunks, optionalDate, USER_COLUMNS_SQL, userColumns } from '../verify/session-store';
import { onAppTokenChange } from './app-token-events';
import { appTokenSource, createAppTokenLookup, type AppTokenRow } from './app-token-source';
import { realTokenContext } from './real-token-context';

const lookupSql = (dialect: 'sqlite' | 'postgresql') => `SELECT d."id" AS "tokenId", d."expiresAt", d."revokedAt", d."lastUsedAt",
       ${USER_COLUMNS_SQL[dialect]}, p."realToken",
       (SELECT c."publicUrl" FROM "PaperlessConnection" c WHERE c."id" = 'default') AS "paperlessUrl"
  FROM "DeviceToken" d JOIN "User" u ON u."id" = d."userId" LEFT JOIN "PaperlessAccount" p ON p."userId" = d."userId"
 WHERE d."tokenHash" = ${dialect === 'sqlite' ? '?' : '$1'}`;

/** The token by its hash with its user, groups, sealed real token and the saved Paperless URL (DeviceToken.tokenHash is unique). */
export const APP_TOKEN_LOOKUP_SQL = { sqlite: lookupSql('sqlite'), postgresql: lookupSql('postgresql') };

const optionalText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function toAppTokenRow(raw: Record<string, unknown>): AppTokenRow {
  return {
    tokenId: String(raw.tokenId),
    expiresAt: optionalDate(raw.expiresAt),
    revokedAt: optionalDate(raw.revokedAt),
    lastUsedAt: optionalDate(raw.lastUsedAt),
    ...userColumns(raw),
    realToken: optionalText(raw.realToken),
    paperlessUrl: optionalText(raw.paperlessUrl),
  };
}

export const paperlessAppTokens: CredentialSourcePlugin = {
  name: 'paperless-app-tokens',
  start({ env, db, queryOne, guard }) {
    const cache = new SessionCache(env.verify.cacheTtlMs);
    const query = queryOne('app-token', APP_TOKEN_LOOKUP_SQL);
    const touched = new Set<string>();
    const lookup = createAppTokenLookup({
      cache,
      guard,
      lookup: (hash) => query(hash).then((raw) => (raw ? toAppTokenRow(raw) : null)),
      touch: (tokenId) => void touched.add(tokenId),
      openRealToken: (sealed, userId) => openSecret(sealed, env.secrets.encryptionKey, realTokenContext(userId)),
      configuredPaperlessUrl: env.paperless?.publicUrl ?? null,
    });
    const unsubscribers = [
      onAppTokenChange((event) => {
        if (event.tokenHashes) cache.forget(event.tokenHashes);
        if (event.userIds) cache.forgetUsers(event.userIds);
      }),
      // A disabled account's sessions end: its phones go with them at once.
      subscribe('sessions-revoked', (event) => {
        if (event.userIds) cache.forgetUsers(event.userIds);
      }),
      subscribe('caches-stale', () => cache.clear()),
    ];
    return {
      source: appTokenSource(lookup),
      async flush() {
        if (touched.size === 0) return;
        const ids = [...touched];
        touched.clear();
        const at = new Date();
        await inChunks(ids, (chunk) => db.appToken.updateMany({ where: { id: { in: chunk } }, data: { lastUsedAt: at } }));
      },
      stop() {
        for (const unsubscribe of unsubscribers) unsubscribe();
      },
    };
  },
};

export function registerPaperlessAppTokens(): void {
  registerCredentialSource(paperlessAppTokens);
}

/**
 * What disabling an account ends, whoever disables it (an admin, the directory sync): every
 * session, every app token and everything issued through OpenID Connect, inside the caller's
 * transaction (beside the status change and its audit event); then, after the commit, the
 * in-process notifications that make the verify caches forget them at once.
 */
import type { Tx } from '../db';
import { revokeOidcForUser } from '../oidc/revoke-grants';
import { publishAppTokenChange } from '../paperless/app-token-events';
import { revokeAllAppTokens } from '../paperless/app-tokens';
import { publishRevocation } from '../sessions/revocation-bus';

export type EndedAccess = { sessionHashes: string[]; tokenHashes: string[]; oidcRevoked: number };

/** Inside the transaction that disables the user. */
export async function endAccountAccess(tx: Tx, userId: string, now = new Date()): Promise<EndedAccess> {
  const sessions = await tx.session.findMany({ where: { userId, revokedAt: null }, select: { id: true, tokenHash: true } });
  if (sessions.length)
    await tx.session.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { revokedAt: now, revokedReason: 'account_disabled' } });
  const tokenHashes = await revokeAllAppTokens(tx, { userId, revokedById: null });
  const oidcRevoked = await revokeOidcForUser(tx, userId);
  return { sessionHashes: sessions.map((s) => s.tokenHash), tokenHashes, oidcRevoked };
}

/** After the commit: the verify caches of this process (and, through the bus, of the others) drop them. */
export function publishEndedAccess(ended: Pick<EndedAccess, 'sessionHashes' | 'tokenHashes'>): void {
  if (ended.sessionHashes.length) publishRevocation({ tokenHashes: ended.sessionHashes });
  if (ended.tokenHashes.length) publishAppTokenChange({ tokenHashes: ended.tokenHashes });
}

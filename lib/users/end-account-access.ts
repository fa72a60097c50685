/**
 * What disabling an account ends, whoever disables it (an admin, the directory sync): every
 * session, every app token and everything issued through OpenID Connect, inside the caller's
 * transaction (beside the status change and its audit event), announced in that transaction so the
 * verify caches of this instance and of the others forget them once it commits (lib/events/announce.ts).
 */
import type { Tx } from '../db';
import { revokeOidcForUser } from '../oidc/revoke-grants';
import { announceAppTokenChange } from '../paperless/app-token-events';
import { revokeAllAppTokens } from '../paperless/app-tokens';
import { announceRevocation } from '../sessions/revocation-bus';

export type EndedAccess = { sessionHashes: string[]; tokenHashes: string[]; oidcRevoked: number };

/** Inside the transaction that disables the user. */
export async function endAccountAccess(tx: Tx, userId: string, now = new Date()): Promise<EndedAccess> {
  const sessions = await tx.session.findMany({ where: { userId, revokedAt: null }, select: { id: true, tokenHash: true } });
  if (sessions.length)
    await tx.session.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { revokedAt: now, revokedReason: 'account_disabled' } });
  const tokenHashes = await revokeAllAppTokens(tx, { userId, revokedById: null });
  const oidcRevoked = await revokeOidcForUser(tx, userId);
  if (sessions.length) await announceRevocation(tx, { tokenHashes: sessions.map((s) => s.tokenHash) });
  if (tokenHashes.length) await announceAppTokenChange(tx, { tokenHashes });
  return { sessionHashes: sessions.map((s) => s.tokenHash), tokenHashes, oidcRevoked };
}

/**
 * Raises a session to two_factor after a second factor was passed (or just registered).
 * Call inside the transaction that records it; then tell the verify cache (afterUpgrade) so the
 * proxies see the new level on the next request.
 */
import type { Tx } from '../db';
import { publishRevocation } from './revocation-bus';

export async function upgradeSession(tx: Tx, sessionId: string): Promise<string | null> {
  const session = await tx.session.findUnique({ where: { id: sessionId }, select: { tokenHash: true, revokedAt: true } });
  if (!session || session.revokedAt) return null;
  await tx.session.update({ where: { id: sessionId }, data: { level: 'two_factor' } });
  return session.tokenHash;
}

/** Drops the cached (one_factor) copy of the session so the next verify call reads the new level. */
export function afterUpgrade(tokenHash: string | null): void {
  if (tokenHash) publishRevocation({ tokenHashes: [tokenHash] });
}

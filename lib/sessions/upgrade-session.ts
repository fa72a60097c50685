/**
 * A second factor was proven in a session (the sign-in step, a re-proof for sudo mode, or the
 * enrolment of the user's first factor): the session becomes two_factor and records when, which
 * is what sudo mode measures. Call inside the transaction that records the proof: the upgrade is
 * announced there, so every verify cache drops its one-factor copy once it commits.
 */
import type { Tx } from '../db';
import { readStringList } from '../text/string-list';
import { addAmr } from './amr';
import { announceRevocation } from './revocation-bus';

export async function upgradeSession(tx: Tx, sessionId: string, now: Date = new Date(), amrMethod?: string): Promise<string | null> {
  const session = await tx.session.findUnique({ where: { id: sessionId }, select: { tokenHash: true, revokedAt: true, amr: true } });
  if (!session || session.revokedAt) return null;
  const amr = JSON.stringify(addAmr(readStringList(session.amr), amrMethod));
  await tx.session.update({ where: { id: sessionId }, data: { level: 'two_factor', factorProvenAt: now, amr } });
  // Drops the cached (one_factor) copy of the session so the next verify call reads the new level.
  await announceRevocation(tx, { tokenHashes: [session.tokenHash] });
  return session.tokenHash;
}

/** The password was proven again in a session (a re-proof for sudo mode, for a user without a factor). */
export async function stampPasswordProof(tx: Tx, sessionId: string, now: Date = new Date()): Promise<boolean> {
  const session = await tx.session.findUnique({ where: { id: sessionId }, select: { revokedAt: true, amr: true } });
  if (!session || session.revokedAt) return false;
  const { count } = await tx.session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { passwordProvenAt: now, amr: JSON.stringify(addAmr(readStringList(session.amr), 'pwd')) },
  });
  return count === 1;
}

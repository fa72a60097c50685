/** A user's second factors, oldest first, for the Security page and the admin's user page. */
import type { Db } from '../db';
import { type FactorLabel, factorLabel } from './factor-label';

export type FactorSummary = { id: string; kind: 'totp' | 'webauthn'; name: string; createdAt: Date; lastUsedAt: Date | null; label: FactorLabel };

export async function listFactors(db: Db, userId: string): Promise<FactorSummary[]> {
  const rows = await db.secondFactor.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true, discoverable: true },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === 'webauthn' ? 'webauthn' : 'totp',
    name: r.name,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    label: factorLabel(r),
  }));
}

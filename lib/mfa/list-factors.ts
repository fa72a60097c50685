/** A user's second factors, oldest first, for the Security page and the admin's user page. */
import type { Db } from '../db';

export type FactorSummary = { id: string; kind: 'totp' | 'webauthn'; name: string; createdAt: Date; lastUsedAt: Date | null; passkey: boolean };

export async function listFactors(db: Db, userId: string): Promise<FactorSummary[]> {
  const rows = await db.secondFactor.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === 'webauthn' ? 'webauthn' : 'totp',
    name: r.name,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    passkey: r.deviceType === 'multiDevice',
  }));
}

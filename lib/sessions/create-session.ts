/**
 * Creates a session row and returns the cookie value. Only the SHA-256 of the value is stored.
 * Call inside the transaction that records the sign-in.
 *
 * `proof` says what was proven to get it, and stamps when (lib/auth/assurance.ts): a two_factor
 * session always proved a factor; a one_factor session proved the password only when the caller
 * says so (a provider or email-link sign-in proves neither).
 */
import { randomToken, sha256Hex } from '../crypto';
import type { DbOrTx } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { normalizeAmr } from './amr';
import { sessionExpiry, type AuthLevel } from './session-policy';

export type NewSession = { token: string; sessionId: string; expiresAt: Date };

export async function createSession(
  db: DbOrTx,
  input: { userId: string; level: AuthLevel; proof?: 'password' | 'none'; amr?: string[]; meta: RequestMeta; maxAgeMs: number; now?: Date },
): Promise<NewSession> {
  const now = input.now ?? new Date();
  const token = randomToken(32);
  const expiresAt = sessionExpiry(now, input.maxAgeMs);
  const row = await db.session.create({
    data: {
      tokenHash: sha256Hex(token),
      userId: input.userId,
      level: input.level,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: input.meta.ip,
      userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
      factorProvenAt: input.level === 'two_factor' ? now : null,
      passwordProvenAt: input.proof === 'password' ? now : null,
      amr: JSON.stringify(normalizeAmr([...(input.proof === 'password' ? ['pwd'] : []), ...(input.amr ?? [])])),
    },
    select: { id: true },
  });
  return { token, sessionId: row.id, expiresAt };
}

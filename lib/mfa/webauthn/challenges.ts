/**
 * WebAuthn challenges, kept on the server: the browser only echoes them back inside the signed
 * clientDataJSON. Each is bound to its ceremony (registration or authentication) and to the user
 * it was issued for (null for a usernameless passkey sign-in), lives two minutes, and is used at
 * most once: consuming it deletes it, so a replayed response finds nothing.
 */
import type { DbOrTx } from '../../db';

export const CHALLENGE_TTL_MS = 2 * 60_000;

export type ChallengePurpose = 'registration' | 'authentication';

/** SimpleWebAuthn issues 32 random bytes as base64url (43 characters); anything far off is not ours. */
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** When a challenge issued at `now` stops working. */
export function challengeExpiry(now: Date): Date {
  return new Date(now.getTime() + CHALLENGE_TTL_MS);
}

/** Records a challenge just handed to the browser. */
export async function storeChallenge(db: DbOrTx, input: { challenge: string; purpose: ChallengePurpose; userId: string | null; now: Date }): Promise<void> {
  await db.webAuthnChallenge.create({
    data: { challenge: input.challenge, purpose: input.purpose, userId: input.userId, createdAt: input.now, expiresAt: challengeExpiry(input.now) },
    select: { id: true },
  });
}

/**
 * Uses a challenge up, atomically: of two requests racing with the same challenge exactly one
 * gets true. It must match the purpose and the user it was issued for exactly (a null user only
 * matches a challenge issued for a usernameless sign-in) and not have expired.
 *
 * Whatever the outcome the challenge is gone afterwards: an expired or mismatched attempt burns
 * it too, so a challenge that has been seen in a failed ceremony can never succeed later.
 */
export async function consumeChallenge(
  db: DbOrTx,
  input: { challenge: string; purpose: ChallengePurpose; userId: string | null; now: Date },
): Promise<boolean> {
  if (!CHALLENGE_PATTERN.test(input.challenge)) return false;
  const { count } = await db.webAuthnChallenge.deleteMany({
    where: { challenge: input.challenge, purpose: input.purpose, userId: input.userId, expiresAt: { gt: input.now } },
  });
  if (count === 1) return true;
  await db.webAuthnChallenge.deleteMany({ where: { challenge: input.challenge } });
  return false;
}

/** Deletes challenges that expired unused (ceremonies the user abandoned). Returns how many. */
export async function pruneChallenges(db: DbOrTx, now: Date): Promise<number> {
  const { count } = await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

/**
 * The challenge a browser's response claims to answer, read from its clientDataJSON without
 * trusting anything else in it (SimpleWebAuthn checks the rest against the stored challenge).
 * Returns null for anything malformed, never throws: the response comes straight from the client.
 */
export function readClientChallenge(response: unknown): string | null {
  try {
    const clientDataJSON = (response as { response?: { clientDataJSON?: unknown } } | null)?.response?.clientDataJSON;
    if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 16_384 || !/^[A-Za-z0-9_-]+={0,2}$/.test(clientDataJSON)) return null;
    const clientData: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (clientData as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && CHALLENGE_PATTERN.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

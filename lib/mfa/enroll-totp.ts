/** Adding an authenticator app: the pending secret to show, then the code that proves it. */
import { openSecret, sealSecret } from '../crypto';
import type { Db } from '../db';
import { AppError } from '../errors';
import { inspectGrant } from './factor-grant';
import { finishEnrolment, type Enrolled, type EnrollContext } from './finish-enrolment';
import { checkTotp, totpUri } from './totp';

/** What the TOTP page shows: the pending secret, as text and as an otpauth:// URI. */
export async function pendingTotp(db: Db, input: Omit<EnrollContext, 'meta' | 'sessionId'>): Promise<{ secret: string; uri: string }> {
  const grant = await inspectGrant(db, { token: input.grant, userId: input.user.id, browserId: input.browserId, action: 'add_totp', now: input.now });
  const secret = openSecret(grant.data.secret!, input.env.secrets.encryptionKey, `totp:${input.user.id}`);
  return { secret, uri: totpUri({ secret, issuer: input.env.secondFactor.totpIssuer, accountName: input.user.username }) };
}

export async function enrollTotp(db: Db, input: EnrollContext & { name: string; code: string }): Promise<Enrolled> {
  const now = input.now ?? new Date();
  const grant = await inspectGrant(db, { token: input.grant, userId: input.user.id, browserId: input.browserId, action: 'add_totp', now });
  const secret = openSecret(grant.data.secret!, input.env.secrets.encryptionKey, `totp:${input.user.id}`);
  const check = checkTotp({ secret, code: input.code, nowMs: now.getTime(), lastUsedStep: null });
  if (!check.ok) {
    throw new AppError(
      'INVALID',
      check.reason === 'malformed'
        ? 'Enter the 6-digit code your app shows.'
        : 'That code is not right. Check that your phone’s clock is correct and type the code shown now.',
      'code',
    );
  }
  return finishEnrolment(
    db,
    input,
    grant.id,
    now,
    'an authenticator app',
    async (tx) =>
      (
        await tx.secondFactor.create({
          data: {
            userId: input.user.id,
            kind: 'totp',
            name: input.name,
            secret: sealSecret(secret, input.env.secrets.encryptionKey, `totp:${input.user.id}`),
            lastUsedStep: BigInt(check.step),
            createdAt: now,
            lastUsedAt: now,
          },
          select: { id: true },
        })
      ).id,
  );
}

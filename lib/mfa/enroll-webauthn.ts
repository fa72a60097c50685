/** Adding a security key or passkey: the registration options, then the ceremony's answer. */
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import { factorLabel } from './factor-label';
import { inspectGrant } from './factor-grant';
import { finishEnrolment, type Enrolled, type EnrollContext } from './finish-enrolment';
import { relyingPartyOf } from './webauthn/relying-party';
import { finishRegistration, startRegistration } from './webauthn/registration';

export async function webauthnEnrollmentOptions(db: Db, input: Omit<EnrollContext, 'meta' | 'sessionId'>) {
  await inspectGrant(db, { token: input.grant, userId: input.user.id, browserId: input.browserId, action: 'add_webauthn', now: input.now });
  const existing = await db.secondFactor.findMany({ where: { userId: input.user.id, kind: 'webauthn' }, select: { credentialId: true } });
  return startRegistration(db, {
    rp: relyingPartyOf(input.env),
    user: { id: input.user.id, username: input.user.username, displayName: input.user.displayName },
    excludeCredentialIds: existing.map((c) => c.credentialId!).filter(Boolean),
    now: input.now,
  });
}

export async function enrollWebauthn(
  db: Db,
  input: EnrollContext & { name: string; response: Parameters<typeof finishRegistration>[1]['response'] },
): Promise<Enrolled> {
  const now = input.now ?? new Date();
  const grant = await inspectGrant(db, { token: input.grant, userId: input.user.id, browserId: input.browserId, action: 'add_webauthn', now });
  const result = await finishRegistration(db, { rp: relyingPartyOf(input.env), userId: input.user.id, response: input.response, now });
  if (!result.ok) {
    await logEvent(db, {
      type: 'mfa.factor_added',
      outcome: 'failure',
      actor: { id: input.user.id, name: input.user.username },
      meta: input.meta,
      data: { kind: 'webauthn', reason: result.reason },
    });
    throw new AppError('INVALID', result.message);
  }
  const c = result.credential;
  return finishEnrolment(
    db,
    input,
    grant.id,
    now,
    `a ${factorLabel({ kind: 'webauthn', ...c }).toLowerCase()}`,
    async (tx) =>
      (
        await tx.secondFactor.create({
          data: {
            userId: input.user.id,
            kind: 'webauthn',
            name: input.name,
            credentialId: c.credentialId,
            publicKey: c.publicKey,
            counter: BigInt(c.counter),
            transports: JSON.stringify(c.transports),
            deviceType: c.deviceType,
            backedUp: c.backedUp,
            discoverable: c.discoverable,
            createdAt: now,
          },
          select: { id: true },
        })
      ).id,
  );
}

/**
 * Second factors of the users the import may touch. TOTP seeds are sealed with Gatehouse's key
 * exactly as an enrolment seals them (lib/mfa/enroll-totp.ts: context `totp:<userId>`), keeping
 * the algorithm, digits and period (migration 0013); a seed the user already has is left alone.
 * WebAuthn credentials are stored as a registration stores them (lib/mfa/enroll-webauthn.ts:
 * base64url credential id and COSE public key, the counter, transports as JSON); the plan has
 * already refused those made for another RP ID. One Gatehouse already has is left alone (its
 * counter may have moved on since); one another account has is refused.
 */
import { openSecret, safeEqual, sealSecret } from '../../crypto';
import type { PlannedTotp, PlannedWebAuthn } from '../types';
import { type ApplyContext, record } from './apply-context';

const KNOWN_TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const totpContext = (userId: string) => `totp:${userId}`;

export async function applyTotp(context: ApplyContext, factors: PlannedTotp[]): Promise<void> {
  const { tx } = context;
  for (const factor of factors) {
    const userId = context.users.get(factor.username);
    if (!userId) {
      record(context, 'totp', factor.username, 'skipped', 'its user is not imported');
      continue;
    }
    const existing = await tx.secondFactor.findMany({ where: { userId, kind: 'totp' }, select: { secret: true } });
    const known = existing.some((row) => row.secret !== null && safeEqual(openSecret(row.secret, context.encryptionKey, totpContext(userId)), factor.secret));
    if (known) {
      record(context, 'totp', factor.username, 'unchanged');
      continue;
    }
    await tx.secondFactor.create({
      data: {
        userId,
        kind: 'totp',
        name: (factor.name || 'Authenticator app').slice(0, 60),
        secret: sealSecret(factor.secret, context.encryptionKey, totpContext(userId)),
        totpAlgorithm: factor.algorithm,
        totpDigits: factor.digits,
        totpPeriod: factor.period,
        ...(factor.createdAt ? { createdAt: factor.createdAt } : {}),
      },
      select: { id: true },
    });
    record(context, 'totp', factor.username, 'created');
  }
}

export async function applyWebauthn(context: ApplyContext, credentials: PlannedWebAuthn[]): Promise<void> {
  const { tx } = context;
  for (const credential of credentials) {
    const key = credential.credentialId;
    const userId = context.users.get(credential.username);
    if (!userId) {
      record(context, 'webauthn', key, 'skipped', 'its user is not imported');
      continue;
    }
    const existing = await tx.secondFactor.findUnique({ where: { credentialId: credential.credentialId }, select: { userId: true } });
    if (existing) {
      if (existing.userId === userId) record(context, 'webauthn', key, 'unchanged');
      else record(context, 'webauthn', key, 'refused', 'this credential is registered to another Gatehouse account');
      continue;
    }
    await tx.secondFactor.create({
      data: {
        userId,
        kind: 'webauthn',
        name: (credential.name || 'Security key').slice(0, 60),
        credentialId: credential.credentialId,
        publicKey: credential.publicKey,
        counter: BigInt(credential.counter),
        transports: JSON.stringify([...new Set(credential.transports.filter((t) => KNOWN_TRANSPORTS.has(t)))]),
        deviceType: credential.deviceType,
        backedUp: credential.backedUp,
        discoverable: credential.discoverable,
        userHandle: credential.userHandle,
        ...(credential.createdAt ? { createdAt: credential.createdAt } : {}),
      },
      select: { id: true },
    });
    record(context, 'webauthn', key, 'created');
  }
}

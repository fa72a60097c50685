/**
 * A synced passkey for a user, stored the way enrolment stores one (credential id, COSE public key
 * in base64url, counter 0, multi-device and backed up), with the soft authenticator that holds its
 * private key and answers with the user's id as its user handle.
 */
import type { DbOrTx } from '../../../lib/db';
import { SoftAuthenticator } from './soft-authenticator';

export async function seedPasskey(db: DbOrTx, userId: string): Promise<SoftAuthenticator> {
  const key = new SoftAuthenticator({ multiDevice: true });
  key.userHandle = Buffer.from(userId).toString('base64url');
  await db.secondFactor.create({
    data: {
      userId,
      kind: 'webauthn',
      name: 'Passkey',
      credentialId: key.credentialId,
      publicKey: Buffer.from(key.publicKey).toString('base64url'),
      counter: 0n,
      transports: '["internal"]',
      deviceType: 'multiDevice',
      backedUp: true,
    },
    select: { id: true },
  });
  return key;
}

/**
 * A WebAuthn credential for an Authelia fixture: the soft authenticator registers against a
 * throwaway relying party and @simplewebauthn/server verifies it (not Gatehouse's code); the
 * verified credential id and COSE public key become an Authelia webauthn_credentials row.
 */
import { randomBytes } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { SoftAuthenticator } from '../webauthn/soft-authenticator';
import type { FixtureWebAuthn } from './authelia-folder';

/**
 * A user id as Authelia makes one (internal/handlers/webauthn.go: `Random.StringCustom(64,
 * random.CharSetASCII)`, printable ASCII): the user handle is its bytes (model/webauthn.go WebAuthnID).
 */
export function autheliaUserId(): string {
  return [...randomBytes(64)].map((b) => String.fromCharCode(0x21 + (b % 94))).join('');
}

export async function registeredCredential(input: {
  username: string;
  description: string;
  rpId: string;
  discoverable?: boolean;
  /** Authelia's webauthn_users.userid; one per user and RP ID, so pass it for a user's second credential. */
  userId?: string;
}): Promise<{
  row: FixtureWebAuthn;
  authenticator: SoftAuthenticator;
}> {
  const authenticator = new SoftAuthenticator({ discoverable: input.discoverable, transports: ['usb', 'nfc'] });
  const challenge = randomBytes(32).toString('base64url');
  const origin = `https://${input.rpId}`;
  const userId = input.userId ?? autheliaUserId();
  const verified = await verifyRegistrationResponse({
    response: authenticator.register({ challenge, rpId: input.rpId, origin, userId: Buffer.from(userId, 'utf8').toString('base64url') }),
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: input.rpId,
  });
  if (!verified.verified || !verified.registrationInfo) throw new Error('the soft authenticator registration did not verify');
  const { credential, aaguid } = verified.registrationInfo;
  return {
    authenticator,
    row: {
      username: input.username,
      description: input.description,
      rpId: input.rpId,
      credentialId: Buffer.from(credential.id, 'base64url'),
      userId,
      publicKey: credential.publicKey,
      signCount: credential.counter,
      aaguid,
      transports: credential.transports ?? ['usb', 'nfc'],
      discoverable: input.discoverable ?? false,
    },
  };
}

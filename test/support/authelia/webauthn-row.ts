/**
 * A WebAuthn credential for an Authelia fixture: the soft authenticator registers against a
 * throwaway relying party and @simplewebauthn/server verifies it (not Gatehouse's code); the
 * verified credential id and COSE public key become an Authelia webauthn_credentials row.
 */
import { randomBytes } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { SoftAuthenticator } from '../webauthn/soft-authenticator';
import type { FixtureWebAuthn } from './authelia-folder';

export async function registeredCredential(input: { username: string; description: string; rpId: string; discoverable?: boolean }): Promise<{
  row: FixtureWebAuthn;
  authenticator: SoftAuthenticator;
}> {
  const authenticator = new SoftAuthenticator({ discoverable: input.discoverable, transports: ['usb', 'nfc'] });
  const challenge = randomBytes(32).toString('base64url');
  const origin = `https://${input.rpId}`;
  const verified = await verifyRegistrationResponse({
    response: authenticator.register({ challenge, rpId: input.rpId, origin, userId: randomBytes(16).toString('base64url') }),
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
      publicKey: credential.publicKey,
      signCount: credential.counter,
      aaguid,
      transports: credential.transports ?? ['usb', 'nfc'],
      discoverable: input.discoverable ?? false,
    },
  };
}

import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import {
  cose,
  decodeAttestationObject,
  decodeClientDataJSON,
  decodeCredentialPublicKey,
  isoBase64URL,
  parseAuthenticatorData,
  toHash,
} from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { SoftAuthenticator } from './soft-authenticator';

const rpId = 'example.test';
const origin = 'https://auth.example.test';
const challenge = isoBase64URL.fromBuffer(new Uint8Array(32).fill(1));
const userId = isoBase64URL.fromUTF8String('user-1');

describe('SoftAuthenticator', () => {
  it('builds a none attestation that SimpleWebAuthn decodes field by field', async () => {
    const key = new SoftAuthenticator({ signCount: 5 });
    const response = key.register({ challenge, rpId, origin, userId });
    expect(response.id).toBe(key.credentialId);
    expect(response.rawId).toBe(key.credentialId);
    expect(decodeClientDataJSON(response.response.clientDataJSON)).toEqual({ type: 'webauthn.create', challenge, origin, crossOrigin: false });

    const attestation = decodeAttestationObject(isoBase64URL.toBuffer(response.response.attestationObject));
    expect(attestation.get('fmt')).toBe('none');
    expect(attestation.get('attStmt').size).toBe(0);
    const authData = parseAuthenticatorData(attestation.get('authData'));
    expect(Buffer.from(authData.rpIdHash)).toEqual(Buffer.from(await toHash(new TextEncoder().encode(rpId))));
    expect(authData.flags).toMatchObject({ up: true, uv: true, be: false, bs: false, at: true, ed: false });
    expect(authData.counter).toBe(5);
    expect(Buffer.from(authData.aaguid!)).toEqual(Buffer.alloc(16));
    expect(isoBase64URL.fromBuffer(authData.credentialID!)).toBe(key.credentialId);
    expect(Buffer.from(authData.credentialPublicKey!)).toEqual(Buffer.from(key.publicKey));

    const publicKey = decodeCredentialPublicKey(authData.credentialPublicKey!);
    expect(publicKey.get(cose.COSEKEYS.kty)).toBe(cose.COSEKTY.EC2);
    expect(publicKey.get(cose.COSEKEYS.alg)).toBe(cose.COSEALG.ES256);
    if (!cose.isCOSEPublicKeyEC2(publicKey)) throw new Error('not an EC2 key');
    expect(publicKey.get(cose.COSEKEYS.crv)).toBe(cose.COSECRV.P256);
    expect(publicKey.get(cose.COSEKEYS.x)?.length).toBe(32);
    expect(publicKey.get(cose.COSEKEYS.y)?.length).toBe(32);
  });

  it('sets the backup flags of a synced passkey and honours flag overrides', () => {
    const response = new SoftAuthenticator({ multiDevice: true }).register({ challenge, rpId, origin, userId, flags: { uv: false } });
    const authData = parseAuthenticatorData(decodeAttestationObject(isoBase64URL.toBuffer(response.response.attestationObject)).get('authData'));
    expect(authData.flags).toMatchObject({ up: true, uv: false, be: true, bs: true, at: true });
  });

  it('produces a registration and assertions that SimpleWebAuthn verifies', async () => {
    const key = new SoftAuthenticator();
    const registration = await verifyRegistrationResponse({
      response: key.register({ challenge, rpId, origin, userId }),
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpId,
    });
    expect(registration.verified).toBe(true);
    const credential = registration.registrationInfo!.credential;

    const assertion = key.assert({ challenge, rpId, origin });
    expect(assertion.response.userHandle).toBe(userId);
    const authData = parseAuthenticatorData(isoBase64URL.toBuffer(assertion.response.authenticatorData));
    expect(authData.counter).toBe(1);
    expect(authData.flags.at).toBe(false);
    const verified = await verifyAuthenticationResponse({
      response: assertion,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpId,
      credential,
    });
    expect(verified).toMatchObject({ verified: true, authenticationInfo: { newCounter: 1, userVerified: true } });

    expect(parseAuthenticatorData(isoBase64URL.toBuffer(key.assert({ challenge, rpId, origin }).response.authenticatorData)).counter).toBe(2);
    expect(parseAuthenticatorData(isoBase64URL.toBuffer(key.assert({ challenge, rpId, origin, counter: 0 }).response.authenticatorData)).counter).toBe(0);
    expect(key.signCount).toBe(2);
  });

  it('signs with DER-encoded ECDSA, as WebAuthn expects for ES256', () => {
    const signature = isoBase64URL.toBuffer(new SoftAuthenticator().assert({ challenge, rpId, origin }).response.signature);
    expect(signature[0]).toBe(0x30); // DER SEQUENCE
    expect(signature[1]).toBe(signature.length - 2);
  });

  it('keeps the counter at zero when it does not count, and can leave the user handle out', () => {
    const key = new SoftAuthenticator({ counts: false });
    key.register({ challenge, rpId, origin, userId });
    const assertion = key.assert({ challenge, rpId, origin, userHandle: null });
    expect(parseAuthenticatorData(isoBase64URL.toBuffer(assertion.response.authenticatorData)).counter).toBe(0);
    expect(assertion.response.userHandle).toBeUndefined();
  });
});
